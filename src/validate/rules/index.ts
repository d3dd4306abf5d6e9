/** The rule table: every rule beyond the schema, one per file, grouped by where it runs. */
import type { AnyRule, RuleScope } from '../rule.js';
import allowedServerTypes from './allowed-server-types.js';
import contractUnreferenced from './contract-unreferenced.js';
import derivedFiles from './derived-files.js';
import duplicateKeys from './duplicate-keys.js';
import fileSkipped from './file-skipped.js';
import inputContractPublished from './input-contract-published.js';
import managementPorts from './management-ports.js';
import namingPattern from './naming-pattern.js';
import odcsDeprecated from './odcs-deprecated.js';
import odcsVersion from './odcs-version.js';
import outputPortContract from './output-port-contract.js';
import personalDataClassification from './personal-data-classification.js';
import portContractVersion from './port-contract-version.js';
import placeholders from './placeholders.js';
import placeholdersDraft from './placeholders-draft.js';
import qualityRules from './quality-rules.js';
import restrictedRetention from './restricted-retention.js';
import safeIdentifiers from './safe-identifiers.js';
import semver from './semver.js';
import slaProperties from './sla-properties.js';
import slaPropertyNames from './sla-property-names.js';
import slaRequiredProperties from './sla-required-properties.js';
import subjectKeys from './subject-keys.js';
import supportChannel from './support-channel.js';
import teamOwner from './team-owner.js';
import uniquePorts from './unique-ports.js';

export const RULE_LIST: ReadonlyArray<AnyRule> = [
  duplicateKeys,
  semver,
  safeIdentifiers,
  uniquePorts,
  managementPorts,
  teamOwner,
  outputPortContract,
  portContractVersion,
  contractUnreferenced,
  fileSkipped,
  odcsVersion,
  odcsDeprecated,
  inputContractPublished,
  qualityRules,
  slaProperties,
  slaPropertyNames,
  derivedFiles,
  placeholders,
  placeholdersDraft,
  slaRequiredProperties,
  personalDataClassification,
  allowedServerTypes,
  namingPattern,
  restrictedRetention,
  subjectKeys,
  supportChannel,
];

export const RULES: Record<RuleScope, ReadonlyArray<AnyRule>> = {
  file: RULE_LIST.filter((r) => r.scope === 'file'),
  descriptor: RULE_LIST.filter((r) => r.scope === 'descriptor'),
  contract: RULE_LIST.filter((r) => r.scope === 'contract'),
  product: RULE_LIST.filter((r) => r.scope === 'product'),
};
