// Precompiled by scripts/build.mjs from the JSON Schema of the same name under schemas/.
import type { CompiledValidator } from '../config/document.js';

declare const validate: CompiledValidator;
export default validate;
