import type { Row } from '../../graphql/loaders';

/** schema.org payUnit words for baseSalary.value.unitText. */
const UNIT_TEXT: Record<string, string> = { HOUR: 'HOUR', DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH', YEAR: 'YEAR' };

const dollars = (cents: number) => Math.round(cents) / 100;

/**
 * The posting as schema.org JobPosting JSON-LD, ready to embed in a page for search engines
 * (https://schema.org/JobPosting; Google's job posting structured data uses the same properties).
 */
export function jobPostingJsonLd(posting: Row, employer: Row | null, jurisdiction: Row | null, globalId: string): Record<string, unknown> {
  const remote = posting.remote === true;
  const address = {
    '@type': 'PostalAddress',
    addressLocality: posting.city,
    addressRegion: jurisdiction?.code ?? null,
    postalCode: posting.postalCode ?? null,
    addressCountry: 'US',
  };
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    identifier: { '@type': 'PropertyValue', name: 'Peer Workforce Hub', value: globalId },
    title: posting.title,
    description: posting.description,
    datePosted: posting.datePosted ?? null,
    validThrough: posting.validThrough ?? null,
    employmentType: posting.employmentType,
    totalJobOpenings: posting.openings,
    hiringOrganization: {
      '@type': 'Organization',
      name: employer?.name ?? null,
      ...(employer?.website ? { sameAs: employer.website } : {}),
    },
    jobLocation: { '@type': 'Place', address },
    ...(remote
      ? { jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: { '@type': 'State', name: jurisdiction?.name ?? null } }
      : {}),
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
  };
}
