// Precompiled by scripts/build.mjs from schemas/odcs-v3.0.2.schema.json into dist/schemas/odcs-v3.0.2.js.
import type { SchemaValidator } from '../validate/schema/types.js';

declare const validate: SchemaValidator;
export default validate;
