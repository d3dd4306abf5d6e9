/**
 * Checking answers against the pack's questions. dp's standard questions use
 * the validator precompiled at build time; a local pack's own questions are
 * compiled on demand (ajv is loaded only then: it costs tens of milliseconds).
 */
import validateStandard from '../schemas/dp-answers.js';
import { unsafeReason } from '../descriptor/identifiers.js';
import { DpError, usageError } from '../errors.js';
import type { CompiledValidator } from '../config/document.js';
import type { GivenAnswers } from './answers-input.js';
import { readDpSchema } from './pack-manifest.js';
import { formatPortSpec, type PortSpec } from './port-spec.js';
import { questionsSchema, usesStandardQuestions } from './questions.js';
import { describeError, dottedPath, pathSegments, pickError } from './schema-errors.js';
import type { Answers, JsonSchema, Pack } from './types.js';
import { errorAt } from './yaml-file.js';

const compiled = new WeakMap<Pack, CompiledValidator>();

async function compileQuestions(pack: Pack): Promise<CompiledValidator> {
  // Both are CommonJS whose module.exports is the class (the function): take `default`, which
  // Node and the bundle both give. The bundle keeps no named exports for a CommonJS chunk.
  const ajvModule = await import('ajv/dist/2019.js');
  const Ajv2019 = ajvModule.default as unknown as typeof ajvModule.Ajv2019;
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv2019({ allErrors: true, strict: false, allowUnionTypes: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addSchema(readDpSchema('dp-answers'));
  try {
    return ajv.compile(pack.questions) as unknown as CompiledValidator;
  } catch (error) {
    throw new DpError('config', `template pack ${pack.id}: its questions are not a valid JSON Schema: ${(error as Error).message}`, {
      location: { file: `${pack.dir}/dp-template.yaml` },
    });
  }
}

export async function validatorFor(pack: Pack): Promise<CompiledValidator> {
  if (usesStandardQuestions(pack)) return validateStandard;
  let validate = compiled.get(pack);
  if (!validate) {
    validate = await compileQuestions(pack);
    compiled.set(pack, validate);
  }
  return validate;
}

/** An error about one answer, worded for where the answer came from. */
export function answerError(given: GivenAnswers, segments: (string | number)[], problem: string, packId: string): DpError {
  const key = String(segments[0] ?? '');
  const name = segments.length === 0 ? 'answers' : `answer \`${dottedPath(segments)}\``;
  const source = given.sources.get(key);
  if (source?.kind === 'file' && given.file) {
    return errorAt(given.file.source, [...given.file.prefix, ...segments], `${name} ${problem}`, { type: 'usage' });
  }
  if (source?.kind === 'flag') return usageError(`${source.flag}: ${name} ${problem}`);
  if (source?.kind === 'set') return usageError(`--set ${key}: ${name} ${problem}`);
  if (source?.kind === 'default') return new DpError('config', `template pack ${packId}: the default ${name} ${problem}`);
  return usageError(`${name} ${problem}`);
}

function checkUniqueNames(given: GivenAnswers, key: string, ports: unknown, packId: string): void {
  if (!Array.isArray(ports)) return;
  const seen = new Set<string>();
  ports.forEach((p: PortSpec, i) => {
    if (seen.has(p.name)) throw answerError(given, [key, i, 'name'], `repeats the port name \`${p.name}\`; each port needs its own name`, packId);
    seen.add(p.name);
  });
}

/** What JSON Schema cannot say: distinct port names, and upstream contract ids that are safe identifiers. */
function checkPorts(given: GivenAnswers, answers: Answers, packId: string): void {
  checkUniqueNames(given, 'outputs', answers.outputs, packId);
  checkUniqueNames(given, 'inputs', answers.inputs, packId);
  if (!Array.isArray(answers.inputs)) return;
  answers.inputs.forEach((p: PortSpec, i) => {
    const reason = p.kind === 'product' && p.ref ? unsafeReason(p.ref.split('@')[0]) : undefined;
    if (reason) throw answerError(given, ['inputs', i, 'ref'], `(${formatPortSpec(p)}) is not a safe contract id: ${reason}`, packId);
  });
}

/** What is wrong with one candidate answer (for a prompt's validation), or undefined when it is fine. */
export function problemWith(validate: CompiledValidator, schema: JsonSchema, answers: Answers, key: string, value: unknown): string | undefined {
  if (validate({ ...answers, [key]: value })) return undefined;
  const mine = (validate.errors ?? []).filter((e) => e.instancePath === `/${key}` || e.instancePath.startsWith(`/${key}/`));
  if (mine.length === 0) return undefined;
  const error = pickError(mine);
  const inner = pathSegments(error.instancePath).slice(1);
  return `${inner.length > 0 ? `${dottedPath(inner)} ` : ''}${describeError(error, schema)}`;
}

/** Said before the schema speaks, which would only say that `ref` is missing. */
function checkUpstreamRefs(given: GivenAnswers, answers: Answers, packId: string): void {
  if (!Array.isArray(answers.inputs)) return;
  answers.inputs.forEach((p: PortSpec, i) => {
    if (p && typeof p === 'object' && p.kind === 'product' && p.ref === undefined) {
      throw answerError(
        given,
        ['inputs', i],
        `reads another product, so it needs that product's output contract id: ${p.name}:product:<contract-id>[@version]`,
        packId,
      );
    }
  });
}

export async function checkAnswers(pack: Pack, answers: Answers, given: GivenAnswers): Promise<void> {
  checkUpstreamRefs(given, answers, pack.id);
  const validate = await validatorFor(pack);
  if (!validate(answers)) {
    const error = pickError(validate.errors ?? []);
    const schema: JsonSchema = questionsSchema(pack);
    const segments = pathSegments(error.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    throw answerError(given, segments, describeError(error, schema), pack.id);
  }
  checkPorts(given, answers, pack.id);
}
