import * as z from 'zod';

/**
 * A fast check derived from a zod object schema: true only for a body the schema accepts and whose parsed output
 * reads the same field by field (zod's copy adds nothing a reader sees). The hot path skips zod when it passes; when it
 * fails, zod parses and its first issue names the field, so error texts never depend on it.
 */
export type BodyCheck = (body: Record<string, unknown>) => boolean;

type ValueCheck = (value: unknown) => boolean;
interface CheckDef {
  check: string;
  format?: string;
  inclusive?: boolean;
}

const checksOf = (schema: z.ZodType): CheckDef[] =>
  ((schema._zod.def as { checks?: { _zod: { def: CheckDef } }[] }).checks ?? []).map((check) => check._zod.def);

/** The check of one member; throws (at module load) for a member whose rules it cannot restate exactly. */
function valueCheckOf(schema: z.ZodType, key: string): ValueCheck {
  if (schema instanceof z.ZodOptional) {
    const inner = valueCheckOf(schema.unwrap() as z.ZodType, key);
    return (value) => value === undefined || inner(value);
  }
  if (schema instanceof z.ZodUnknown) return () => true;
  const checks = checksOf(schema);
  if (schema instanceof z.ZodString && checks.every((c) => c.check === 'min_length' || c.check === 'max_length')) {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? Infinity;
    return (value) => typeof value === 'string' && value.length >= min && value.length <= max;
  }
  const numberRule = (c: CheckDef) =>
    (c.check === 'number_format' && c.format === 'safeint') || ((c.check === 'greater_than' || c.check === 'less_than') && c.inclusive === true);
  if (schema instanceof z.ZodNumber && checks.every(numberRule)) {
    const min = schema.minValue ?? -Infinity;
    const max = schema.maxValue ?? Infinity;
    const whole = schema.isInt;
    return (value) => typeof value === 'number' && (whole ? Number.isSafeInteger(value) : Number.isFinite(value)) && value >= min && value <= max;
  }
  throw new Error(`bodyCheckOf: member ${key} has rules a fast check cannot restate; leave it to zod`);
}

/**
 * The {@link BodyCheck} of an object schema whose members are strings with length bounds, numbers with inclusive
 * bounds (integers or not), `unknown`, or optional ones of these: derived from the schema, so the two cannot drift.
 *
 * @example
 * const isPlainBody = bodyCheckOf(z.object({ client_id: z.string().min(1).max(256) }));
 * isPlainBody({ client_id: 'x' }); // true
 */
export function bodyCheckOf(schema: z.ZodObject): BodyCheck {
  // A strict object refuses unknown members, which the check does not look at.
  if (schema._zod.def.catchall instanceof z.ZodNever) throw new Error('bodyCheckOf: a strict object needs zod');
  const keys = Object.keys(schema.shape);
  const checks = keys.map((key) => valueCheckOf(schema.shape[key] as z.ZodType, key));
  return (body) => {
    for (let i = 0; i < keys.length; i++) if (!(checks[i] as ValueCheck)(body[keys[i] as string])) return false;
    return true;
  };
}
