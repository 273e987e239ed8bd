import { z } from "zod";
import { CodeauditError } from "../errors.js";
import type { JsonSchema } from "./types.js";

/** Keywords strict structured output accepts, beside the structural ones handled below. */
const KEPT_KEYWORDS = new Set([
  "type",
  "description",
  "title",
  "enum",
  "const",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
]);
const STRUCTURAL = new Set([
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
  "$ref",
  "$defs",
]);
/** Dropped silently: zod's defaults apply after parsing, and the rest say nothing a model needs. */
const DROPPED = new Set(["$schema", "default", "propertyNames", "$id"]);

/** The zod schema's input side as JSON Schema: what the model must produce before zod applies defaults. */
export function zodToJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
}

/**
 * A JSON Schema that OpenAI strict mode (and Anthropic's output format) accepts: every object closed
 * with `additionalProperties: false`, every property required, optional ones made nullable, and
 * keywords strict mode rejects moved into the description so the model still reads them.
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  const raw = zodToJsonSchema(schema);
  return strictNode(raw, "$");
}

function strictNode(node: JsonSchema, path: string): JsonSchema {
  const out: JsonSchema = {};
  const moved: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || STRUCTURAL.has(key)) continue;
    if (isSafeIntegerBound(key, value)) continue;
    if (KEPT_KEYWORDS.has(key)) out[key] = value;
    else moved.push(`${key}: ${JSON.stringify(value)}`);
  }
  if (moved.length > 0) {
    const description = typeof out.description === "string" ? `${out.description}\n\n` : "";
    out.description = `${description}{${moved.join(", ")}}`;
  }
  if (typeof node.$ref === "string") out.$ref = node.$ref;
  const defs = asRecord(node.$defs);
  if (defs) {
    out.$defs = Object.fromEntries(
      Object.entries(defs).map(([name, def]) => [name, strictNode(asSchema(def), `${path}.$defs.${name}`)]),
    );
  }
  const variants = asArray(node.anyOf) ?? asArray(node.oneOf);
  if (variants)
    out.anyOf = variants.map((variant, index) => strictNode(asSchema(variant), `${path}|${index}`));
  const all = asArray(node.allOf);
  if (all) out.allOf = all.map((part, index) => strictNode(asSchema(part), `${path}&${index}`));
  if (node.items !== undefined) out.items = strictNode(asSchema(node.items), `${path}[]`);
  const properties = asRecord(node.properties);
  if (properties || hasType(node, "object")) {
    if (isSchemaObject(node.additionalProperties)) {
      throw new CodeauditError(
        "INTERNAL",
        `structured output schema at ${path} is a record (open keys), which strict mode cannot express; use an array of entries`,
      );
    }
    const required = new Set(asArray(node.required) ?? []);
    out.properties = Object.fromEntries(
      Object.entries(properties ?? {}).map(([key, child]) => {
        const strict = strictNode(asSchema(child), `${path}.${key}`);
        return [key, required.has(key) ? strict : nullable(strict)];
      }),
    );
    out.required = Object.keys(properties ?? {});
    out.additionalProperties = false;
  }
  return out;
}

/** zod writes the safe-integer range on every `.int()`; it constrains nothing a model would produce. */
function isSafeIntegerBound(key: string, value: unknown): boolean {
  return (
    (key === "minimum" && value === Number.MIN_SAFE_INTEGER) ||
    (key === "maximum" && value === Number.MAX_SAFE_INTEGER)
  );
}

/** The schema widened to also accept null, in the least intrusive form. */
function nullable(schema: JsonSchema): JsonSchema {
  if (acceptsNull(schema)) return schema;
  const type = schema.type;
  if (typeof type === "string" && schema.const === undefined) {
    const widened: JsonSchema = { ...schema, type: [type, "null"] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  if (Array.isArray(type) && schema.enum === undefined && schema.const === undefined) {
    return { ...schema, type: [...type, "null"] };
  }
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  const { description, ...rest } = schema;
  return { anyOf: [rest, { type: "null" }], ...(description !== undefined ? { description } : {}) };
}

function acceptsNull(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  return (asArray(schema.anyOf) ?? []).some((variant) => acceptsNull(asSchema(variant)));
}

function hasType(node: JsonSchema, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

function isSchemaObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asSchema(value: unknown): JsonSchema {
  return isSchemaObject(value) ? (value as JsonSchema) : {};
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isSchemaObject(value) ? (value as Record<string, unknown>) : undefined;
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/**
 * Strict mode made optional properties nullable, so a model sends `null` where the zod schema wants
 * the key absent. This removes those nulls (guided by the original schema) so zod sees what it expects
 * and applies its defaults.
 */
export function dropNullOptionals(value: unknown, schema: JsonSchema, root: JsonSchema = schema): unknown {
  const resolved = resolveRef(schema, root);
  if (Array.isArray(value)) {
    const items = asRecord(resolved.items);
    return items ? value.map((item) => dropNullOptionals(item, items as JsonSchema, root)) : value;
  }
  if (!isSchemaObject(value)) return value;
  const variants = asArray(resolved.anyOf) ?? asArray(resolved.oneOf);
  if (variants) {
    const objectVariant = variants
      .map(asSchema)
      .find((variant) => asRecord(resolveRef(variant, root).properties));
    return objectVariant ? dropNullOptionals(value, objectVariant, root) : value;
  }
  const properties = asRecord(resolved.properties);
  if (!properties) return value;
  const required = new Set(asArray(resolved.required) ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = asRecord(properties[key]) as JsonSchema | undefined;
    if (child === null && !required.has(key) && childSchema && !acceptsNull(resolveRef(childSchema, root)))
      continue;
    out[key] = childSchema ? dropNullOptionals(child, childSchema, root) : child;
  }
  return out;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return schema;
  return asSchema(asRecord(root.$defs)?.[ref.slice("#/$defs/".length)]);
}
