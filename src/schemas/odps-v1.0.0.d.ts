// Precompiled by scripts/build.mjs from schemas/odps-v1.0.0.schema.json into dist/schemas/odps-v1.0.0.js.
import type { SchemaValidator } from '../validate/schema/types.js';

declare const validate: SchemaValidator;
export default validate;
