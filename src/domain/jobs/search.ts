import { searchable } from '../../graphql/search';
import { JobPosting } from './entities';

// the expressions of the GIN indexes job_posting_search_index and employer_search_index
searchable(JobPosting, {
  config: 'english',
  document: (t) => `to_tsvector('english', ${t}."title" || ' ' || ${t}."description")`,
  related: [{ via: 'employer', table: 'employer', document: (e) => `to_tsvector('english', ${e}."name")` }],
});
