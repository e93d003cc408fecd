/**
 * Languages a record offers (a supervisor supervises in, a job is done in), as BCP 47 tags of the common form: a
 * language of 2 or 3 letters, then optionally a script of 4 and a region of 2 letters or 3 digits ("en", "es",
 * "es-MX", "zh-Hant-TW"). Stored in a text[] column in their canonical case (language lower, script title, region
 * upper), each once, so that `languages: { hasAny: ["es"] }` matches on the column's GIN index.
 */
import { badInput } from '../errors';

/** At most this many languages on one record. */
export const MAX_LANGUAGES = 12;

const TAG = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?$/i;

/** The database's form of the same rule: every tag of the array in canonical case (a check on each column). */
export const LANGUAGES_CHECK_SQL = (column: string) =>
  `cardinality("${column}") <= ${MAX_LANGUAGES} and array_to_string("${column}", ',') ~ '^([a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(,|$))*$'`;

/** One tag in canonical case, or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  const match = TAG.exec(tag.trim());
  if (!match) return null;
  const [, language, script, region] = match;
  return [language.toLowerCase(), script && script[0].toUpperCase() + script.slice(1).toLowerCase(), region?.toUpperCase()].filter(Boolean).join('-');
}

/** The tags of an argument in canonical case, each once, in the order given; BAD_USER_INPUT naming the argument. */
export function languagesArgument(tags: readonly string[], argument: string): string[] {
  if (tags.length > MAX_LANGUAGES) throw badInput(`${argument} holds at most ${MAX_LANGUAGES} languages; got ${tags.length}`, { argument, limit: MAX_LANGUAGES, value: tags.length });
  const languages: string[] = [];
  for (const tag of tags) {
    const canonical = canonicalLanguage(tag);
    if (canonical === null) {
      throw badInput(`${argument}: "${tag.slice(0, 20)}" is not a language tag such as "en", "es" or "es-MX" (BCP 47)`, { argument });
    }
    if (!languages.includes(canonical)) languages.push(canonical);
  }
  return languages;
}
