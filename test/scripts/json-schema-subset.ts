/**
 * A small JSON Schema (draft 2020-12) checker for the keywords zod's generator emits, so tests
 * can ask "does the published schema accept this definition?" without another dependency.
 * Supported: $ref (local), type, const, enum, anyOf, oneOf, properties, required,
 * additionalProperties, propertyNames, items, minItems, minLength, minimum, maximum,
 * exclusiveMinimum, pattern. `format` is an annotation in 2020-12 and is not asserted.
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  "$id", "$schema", "$defs", "$ref", "title", "description", "format", "type", "const", "enum", "anyOf", "oneOf",
  "properties", "required", "additionalProperties", "propertyNames", "items", "minItems", "minLength", "minimum",
  "maximum", "exclusiveMinimum", "pattern",
]);

/** Every place where `value` breaks `schema` ("nodes.a.type: const"); empty when it conforms. */
export function schemaErrors(root: Record<string, unknown>, value: unknown): string[] {
  return check(root, root, value, "");
}

function check(root: Record<string, unknown>, schema: Schema, value: unknown, at: string): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: false schema`];
  const unknown = Object.keys(schema).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) return [`${at}: unsupported keyword ${unknown.join(", ")}`];
  const errors: string[] = [];
  const fail = (rule: string): void => void errors.push(`${at}: ${rule}`);
  if (typeof schema.$ref === "string") errors.push(...check(root, resolve(root, schema.$ref), value, at));
  if (typeof schema.type === "string" && !hasType(value, schema.type)) fail(`type ${schema.type}`);
  if ("const" in schema && !Object.is(schema.const, value)) fail("const");
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail("enum");
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option: unknown) => check(root, sub(option), value, at).length === 0)) fail("anyOf");
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((option: unknown) => check(root, sub(option), value, at).length === 0).length !== 1) fail("oneOf");
  if (typeof value === "string") errors.push(...stringErrors(schema, value, at));
  if (typeof value === "number") errors.push(...numberErrors(schema, value, at));
  if (Array.isArray(value)) errors.push(...arrayErrors(root, schema, value, at));
  else if (isObject(value)) errors.push(...objectErrors(root, schema, value, at));
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "boolean" || isObject(value);
}

/** `schema` itself; a malformed subschema is a test failure, not something to skip. */
function sub(schema: unknown): Schema {
  if (!isSchema(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  return schema;
}

function resolve(root: Record<string, unknown>, ref: string): Schema {
  if (ref === "#") return root;
  const defs = root.$defs;
  return sub(isObject(defs) ? defs[ref.replace(/^#\/\$defs\//, "")] : undefined);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer": return Number.isInteger(value);
    case "array": return Array.isArray(value);
    case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null": return value === null;
    default: return typeof value === type;
  }
}

function stringErrors(schema: Record<string, unknown>, value: string, at: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minLength === "number" && [...value].length < schema.minLength) errors.push(`${at}: minLength`);
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: pattern`);
  return errors;
}

function numberErrors(schema: Record<string, unknown>, value: number, at: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minimum === "number" && value < schema.minimum) errors.push(`${at}: minimum`);
  if (typeof schema.maximum === "number" && value > schema.maximum) errors.push(`${at}: maximum`);
  if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) errors.push(`${at}: exclusiveMinimum`);
  return errors;
}

function arrayErrors(root: Record<string, unknown>, schema: Record<string, unknown>, value: unknown[], at: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minItems === "number" && value.length < schema.minItems) errors.push(`${at}: minItems`);
  const items = schema.items;
  if (items !== undefined) value.forEach((item, index) => errors.push(...check(root, sub(items), item, `${at}[${index}]`)));
  return errors;
}

function objectErrors(root: Record<string, unknown>, schema: Record<string, unknown>, value: Record<string, unknown>, at: string): string[] {
  const errors: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const dot = at === "" ? "" : `${at}.`;
  for (const key of Array.isArray(schema.required) ? schema.required : []) {
    if (!Object.hasOwn(value, key)) errors.push(`${dot}${String(key)}: required`);
  }
  for (const [key, child] of Object.entries(value)) {
    if (schema.propertyNames !== undefined) errors.push(...check(root, sub(schema.propertyNames), key, `${dot}${key} (name)`));
    if (Object.hasOwn(properties, key)) errors.push(...check(root, sub(properties[key]), child, `${dot}${key}`));
    else if (schema.additionalProperties !== undefined) errors.push(...check(root, sub(schema.additionalProperties), child, `${dot}${key}`));
  }
  return errors;
}
