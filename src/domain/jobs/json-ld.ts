import type { Row } from '../../graphql/loaders';

/** schema.org payUnit words for baseSalary.value.unitText. */
const UNIT_TEXT: Record<string, string> = { HOUR: 'HOUR', DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH', YEAR: 'YEAR' };

const dollars = (cents: number) => Math.round(cents) / 100;

/** A date column as the read path gives it (a Date or YYYY-MM-DD text) as YYYY-MM-DD, or null. */
const dayOf = (value: unknown): string | null => (value == null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/**
 * The posting as schema.org JobPosting JSON-LD, ready to embed in a page for search engines, with the properties
 * Google's job posting structured data requires (title, description, datePosted, hiringOrganization, and jobLocation
 * or, for a remote job, jobLocationType TELECOMMUTE with applicantLocationRequirements) and recommends (validThrough,
 * employmentType, baseSalary, identifier, directApply), and where to apply (applicationContact):
 * https://developers.google.com/search/docs/appearance/structured-data/job-posting
 *
 * A remote posting is open to applicants in its state: Google reads TELECOMMUTE with the State they must live in,
 * and no jobLocation (which would make it an on-site job there). directApply is true when the posting's applyUrl
 * takes the application itself (Google: "the URL enables direct application"); a posting reached by email only
 * says false.
 */
export function jobPostingJsonLd(posting: Row, employer: Row | null, jurisdiction: Row | null, globalId: string): Record<string, unknown> {
  const remote = posting.remote === true;
  const applyUrl = (posting.applyUrl as string | null | undefined) ?? null;
  const applyEmail = (posting.applyEmail as string | null | undefined) ?? null;
  const location = remote
    ? { jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: { '@type': 'State', name: jurisdiction?.name ?? null } }
    : {
        jobLocation: {
          '@type': 'Place',
          address: {
            '@type': 'PostalAddress',
            addressLocality: posting.city,
            addressRegion: jurisdiction?.code ?? null,
            ...(posting.postalCode ? { postalCode: posting.postalCode } : {}),
            addressCountry: 'US',
          },
        },
      };
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    identifier: { '@type': 'PropertyValue', name: 'Peer Workforce Hub', value: globalId },
    title: posting.title,
    description: posting.description,
    datePosted: dayOf(posting.datePosted),
    validThrough: dayOf(posting.validThrough),
    employmentType: posting.employmentType,
    totalJobOpenings: posting.openings,
    hiringOrganization: {
      '@type': 'Organization',
      name: employer?.name ?? null,
      ...(employer?.website ? { sameAs: employer.website } : {}),
    },
    ...location,
    baseSalary: {
      '@type': 'MonetaryAmount',
      currency: 'USD',
      value: {
        '@type': 'QuantitativeValue',
        minValue: dollars(posting.payMinCents as number),
        maxValue: dollars(posting.payMaxCents as number),
        unitText: UNIT_TEXT[posting.payUnit as string] ?? posting.payUnit,
      },
    },
    directApply: applyUrl !== null,
    ...(applyUrl !== null || applyEmail !== null
      ? { applicationContact: { '@type': 'ContactPoint', ...(applyUrl !== null ? { url: applyUrl } : {}), ...(applyEmail !== null ? { email: applyEmail } : {}) } }
      : {}),
  };
}
