import { badInput } from '../errors';

/**
 * An http or https address with a dotted host and no user or password in it, as given (trimmed), at most `max`
 * characters; else BAD_USER_INPUT at `argument`, showing `example`. Shared by the job postings' applyUrl and the
 * webhook endpoints.
 */
export function httpUrlArgument(value: string, argument: string, max: number, example: string): string {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > max) throw badInput(`${argument} must be 1 to ${max} characters`, { argument, limit: max });
  let url: URL | null = null;
  try {
    if (!/[\s\u0000-\u001f\u007f]/.test(trimmed)) url = new URL(trimmed);
  } catch {
    url = null;
  }
  if (!url || !['https:', 'http:'].includes(url.protocol) || !url.hostname.includes('.') || !/^https?:\/\//i.test(trimmed)) {
    throw badInput(`${argument} must be an https or http address, such as ${example}; got "${trimmed.slice(0, 40)}"`, { argument });
  }
  if (url.username || url.password) throw badInput(`${argument} must not hold a user name or password`, { argument });
  return trimmed;
}
