// Request validation with zod: a bad body or query is a 400 whose message names each bad field.
import type { z } from 'zod';
import { RequestError } from './errors';

export function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const field = i.path.length ? `${where}.${i.path.join('.')}` : where;
    return `${field}: ${i.message}`;
  });
  throw new RequestError(400, problems.join('; '));
}
