/**
 * The state program manager's dashboard: headcount and per-capita figures, expirations ahead, the pipeline to full
 * certification, monthly trends, open postings and their pay, and fund use, for every state or one. Everything comes
 * from the hub's GraphQL API through the typed client (src/client), as the published operations of schema/operations,
 * so the page also works in production without a token (small counts then read "suppressed"). The figures load over
 * HTTP, then follow the live workforceMetrics subscription over WebSocket; without a socket they stay as loaded.
 */
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createHubClient,
  DashboardJurisdictionsDocument,
  HubRequestError,
  LiveWorkforceDashboardDocument,
  PostingPayDocument,
  WorkforceDashboardDocument,
  WorkforceTrendDocument,
  type DashboardJurisdictionsQuery,
  type PostingPayQuery,
  type WorkforceDashboardQuery,
  type WorkforceTrendQuery,
} from '../../client';
import { BarChart, GroupedBarChart, LineChart, RangeChart, StackedBarChart } from './charts';
import { formatBudget, formatFigure, formatNumber, type Figure, type FigureKind } from './format';
import './dashboard.css';

// the explorer keeps the token under the same key, so one typed there carries over
const TOKEN_KEY = 'peer-workforce-hub.token';
/** The subscriptions' socket: open, or closed while graphql-ws tries again. */
let onSocket: (open: boolean) => void = () => {};
const client = createHubClient({
  url: '/graphql',
  token: () => sessionStorage.getItem(TOKEN_KEY),
  webSocket: {
    // a socket that cannot open is tried again too, not only one that closed
    shouldRetry: () => true,
    on: { connected: () => onSocket(true), closed: () => onSocket(false) },
  },
});

/** Waits before subscribing again once graphql-ws has given up: 2, 4, 8... seconds, at most a minute. */
const resubscribeDelay = (failures: number) => Math.min(60_000, 1000 * 2 ** failures);

/** live: figures as they change; reconnecting: the socket closed, tried again; off: the figures as loaded. */
type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';
const LIVE_LABELS: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  off: 'not live: figures as loaded',
};

type Jurisdiction = DashboardJurisdictionsQuery['jurisdictions'][number];
type Metrics = WorkforceDashboardQuery['workforceMetrics'];
type Figures = Metrics['totals'];
type Trend = WorkforceTrendQuery['workforceTimeSeries'];
type Pay = PostingPayQuery['jobPostingStats'];

interface Loaded {
  metrics: Metrics;
  trend: Trend;
  pay: Pay;
}

/** The twelve months up to today (UTC): the monthly trend's range. */
function trendRange(today = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1));
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/** The eight quarters up to today (UTC): the quarterly trend's range. */
function quarterRange(today = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (today.getUTCMonth() % 3) - 21, 1));
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/** The series the chart draws. */
const TREND_SERIES = ['certificationsIssued', 'certificationsLapsed', 'postingsOpened'] as const;

/** Above this share of withheld cells, months are too small to publish and the chart goes by quarter. */
const MAX_WITHHELD_SHARE = 0.25;

function withheldShare(trend: Trend): number {
  const cells = trend.totals.flatMap((period) => TREND_SERIES.map((series) => period[series]));
  return cells.length ? cells.filter((cell) => cell.suppressed).length / cells.length : 0;
}

/** By month, or by quarter where too many months are withheld (as a statistics office publishes small areas). */
async function loadTrend(only: { jurisdictions?: string[] }): Promise<Trend> {
  const monthly = (await client.request(WorkforceTrendDocument, { ...only, ...trendRange() })).workforceTimeSeries;
  if (withheldShare(monthly) <= MAX_WITHHELD_SHARE) return monthly;
  return (await client.request(WorkforceTrendDocument, { ...only, ...quarterRange(), interval: 'QUARTER' })).workforceTimeSeries;
}

const periodLabel = (interval: Trend['interval'], first: string) => {
  const day = new Date(`${first}T00:00:00Z`);
  if (interval === 'QUARTER') return `Q${Math.floor(day.getUTCMonth() / 3) + 1} ${String(day.getUTCFullYear()).slice(2)}`;
  return day.toLocaleDateString('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' });
};

function describeError(error: unknown): string {
  if (error instanceof HubRequestError) return `${error.message} (${error.codes.join(', ')})`;
  return error instanceof Error ? error.message : String(error);
}

function Dashboard() {
  const [jurisdictions, setJurisdictions] = useState<Jurisdiction[] | null>(null);
  const [selected, setSelected] = useState('');
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [tokenRound, setTokenRound] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [liveMetrics, setLiveMetrics] = useState<Metrics | null>(null);
  const [liveState, setLiveState] = useState<LiveState>('connecting');

  useEffect(() => {
    client.request(DashboardJurisdictionsDocument).then(
      (data) => setJurisdictions(data.jurisdictions),
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [tokenRound]);

  useEffect(() => {
    if (!jurisdictions) return;
    let current = true;
    const codes = selected ? [selected] : jurisdictions.map((j) => j.code);
    // left out, the figures cover every state
    const only = selected ? { jurisdictions: [selected] } : {};
    setLoading(true);
    Promise.all([
      client.request(WorkforceDashboardDocument, only),
      loadTrend(only),
      client.request(PostingPayDocument, { jurisdictions: codes }),
    ]).then(
      ([metrics, trend, pay]) => {
        if (!current) return;
        setLoaded({ metrics: metrics.workforceMetrics, trend, pay: pay.jobPostingStats });
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(describeError(failure));
        setLoading(false);
      },
    );
    // a later selection wins over an answer still on its way
    return () => {
      current = false;
    };
  }, [jurisdictions, selected, tokenRound]);

  // the same figures as a live query: sent at once, then each time they change
  useEffect(() => {
    if (!jurisdictions) return;
    const only = selected ? { jurisdictions: [selected] } : {};
    let stop = () => {};
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let current = true;
    onSocket = (open) => current && !open && setLiveState('reconnecting');
    const subscribe = () => {
      setLiveState((state) => (state === 'live' ? state : 'connecting'));
      const resubscribe = () => {
        if (!current) return;
        setLiveState('off');
        retry = setTimeout(subscribe, resubscribeDelay(failures++));
      };
      stop = client.subscribe(
        LiveWorkforceDashboardDocument,
        {
          next: (data) => {
            if (!current) return;
            failures = 0;
            setLiveMetrics(data.workforceMetrics);
            setLiveState('live');
          },
          error: resubscribe,
          complete: resubscribe,
        },
        only,
      );
    };
    subscribe();
    return () => {
      current = false;
      clearTimeout(retry);
      stop();
      setLiveMetrics(null);
    };
  }, [jurisdictions, selected, tokenRound]);

  const applyToken = () => {
    if ((sessionStorage.getItem(TOKEN_KEY) ?? '') === token.trim()) return;
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    setTokenRound((round) => round + 1);
  };

  return (
    <div className="dashboard" data-state={loading ? 'loading' : error ? 'error' : 'ready'} data-selected={selected}>
      <header className="hub-bar">
        <strong>Peer Workforce Hub</strong>
        <span className="hub-bar-title">Workforce dashboard</span>
        <label>
          State
          <select id="jurisdiction" value={selected} onChange={(event) => setSelected(event.target.value)} disabled={!jurisdictions}>
            <option value="">All states</option>
            {jurisdictions?.map((j) => (
              <option key={j.code} value={j.code}>
                {j.name} ({j.code})
              </option>
            ))}
          </select>
        </label>
        <label className="hub-token">
          Token
          <input
            id="token"
            type="password"
            autoComplete="off"
            placeholder="optional: an analyst sees small counts"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            onBlur={applyToken}
            onKeyDown={(event) => event.key === 'Enter' && applyToken()}
          />
        </label>
        <span className="live-state" data-live={liveState} title="The figures follow the hub's changes over WebSocket while live.">
          {LIVE_LABELS[liveState]}
        </span>
        <a href="/explorer">Explorer</a>
      </header>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {loaded ? <Figures loaded={liveMetrics ? { ...loaded, metrics: liveMetrics } : loaded} /> : <p className="loading">Loading the figures…</p>}
    </div>
  );
}

function Tile({ name, label, figure, kind }: { name: string; label: string; figure: Figure; kind: FigureKind }) {
  return (
    <div className="tile" data-tile={name} data-value={figure.suppressed || figure.value === null ? '' : String(figure.value)}>
      <span className="tile-value">{formatFigure(figure, kind)}</span>
      <span className="tile-label">{label}</span>
    </div>
  );
}

function Section({ title, children, note }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      {note ? <p className="note">{note}</p> : null}
      {children}
    </section>
  );
}

type RecordKind = Figures['coverage'][number]['kind'];
type State = Metrics['byJurisdiction'][number];

const KIND_NAMES: Record<RecordKind, string> = {
  CERTIFICATIONS: 'certification',
  SUPERVISION: 'certification or supervisor',
  JOB_POSTINGS: 'job posting',
  ASSISTANCE: 'assistance fund',
};

/** The states a kind of figures covers, as the API says (coverage): the others keep no such records. */
function covering(figures: Pick<Figures, 'coverage'>, kind: RecordKind): string[] {
  return figures.coverage.find((c) => c.kind === kind)?.jurisdictionCodes ?? [];
}

/** What the totals of each kind cover, and which states asked for add nothing to them. */
function CoverageNote({ totals, states }: { totals: Figures; states: State[] }) {
  return (
    <ul className="coverage">
      {totals.coverage.map((coverage) => {
        const left = states.filter((s) => !coverage.jurisdictionCodes.includes(s.jurisdiction.code)).map((s) => s.jurisdiction.code);
        return (
          <li key={coverage.kind} data-coverage={coverage.kind} data-codes={coverage.jurisdictionCodes.join(' ')}>
            {KIND_NAMES[coverage.kind]} figures cover {coverage.jurisdictionCodes.join(', ') || 'no state'} ({formatNumber(coverage.population, 'count')} residents)
            {left.length ? `; ${left.join(', ')} ${left.length === 1 ? 'keeps' : 'keep'} no ${KIND_NAMES[coverage.kind]} records here and ${left.length === 1 ? 'is' : 'are'} left out` : ''}.
          </li>
        );
      })}
    </ul>
  );
}

const NO_RECORDS = 'no records';

function Figures({ loaded: { metrics, trend, pay } }: { loaded: Loaded }) {
  const states = metrics.byJurisdiction;
  const totals: Figures = metrics.totals;
  // a state keeping no records of a kind has no bar in that kind's charts, rather than a zero it never reported
  const stateRows = (kind: RecordKind, figure: (state: State) => Figure) =>
    states
      .filter((state) => covering(state, kind).length > 0)
      .map((state) => ({ key: state.jurisdiction.code, label: `${state.jurisdiction.name} (${state.jurisdiction.code})`, figure: figure(state) }));
  const ofKind = (s: Pick<Figures, 'coverage'>, kind: RecordKind, text: string) => (covering(s, kind).length ? text : NO_RECORDS);
  const funds = states.flatMap((state) => state.funds.map((fund) => ({ state: state.jurisdiction.code, ...fund })));
  const employment = (type: string | null) => (type ?? 'unspecified').toLowerCase().replace('_', '-');

  return (
    <main>
      <p className="as-of">
        In force on <b>{metrics.asOf}</b>; flows over <b>{metrics.period.from}</b> to <b>{metrics.period.to}</b>; credentials counted:{' '}
        {metrics.credentialCategories.join(', ').toLowerCase()}.
      </p>
      <CoverageNote totals={totals} states={states} />
      <div className="tiles">
        <Tile name="activeCertifications" label="full certifications in force" figure={totals.activeCertifications} kind="count" />
        <Tile name="activePer100k" label="per 100,000 residents" figure={totals.activePer100k} kind="per100k" />
        <Tile name="provisionalCertifications" label="provisional (interns)" figure={totals.provisionalCertifications} kind="count" />
        <Tile name="expiringWithin90Days" label="expiring within 90 days" figure={totals.expiringWithin90Days} kind="count" />
        <Tile name="renewalRate" label="renewed on time" figure={totals.renewalRate} kind="rate" />
        <Tile name="openJobPostings" label="open job postings" figure={totals.openJobPostings} kind="count" />
        <Tile name="medianHourlyPayCents" label="median hourly pay offered" figure={totals.medianHourlyPayCents} kind="cents" />
      </div>

      <div className="grid">
        <Section title="Headcount by state" note="Full certifications in force.">
          <BarChart name="headcount" rows={stateRows('CERTIFICATIONS', (s) => s.activeCertifications)} kind="count" />
        </Section>
        <Section title="Per capita by state" note="Full certifications per 100,000 residents; the total's residents are those of the states covered.">
          <BarChart name="per-capita" rows={stateRows('CERTIFICATIONS', (s) => s.activePer100k)} kind="per100k" color="#3c9d5d" />
        </Section>
        <Section title="Expirations ahead" note="Full certifications expiring within 30, 60 and 90 days (each includes the shorter).">
          <GroupedBarChart
            name="expirations"
            series={['30 days', '60 days', '90 days']}
            groups={states.filter((s) => covering(s, 'CERTIFICATIONS').length > 0).map((s) => ({ key: s.jurisdiction.code, label: s.jurisdiction.code, figures: [s.expiringWithin30Days, s.expiringWithin60Days, s.expiringWithin90Days] }))}
            kind="count"
          />
        </Section>
        <Section
          title="Pipeline to full certification"
          note={`Median days from core training to full certification: ${formatFigure(totals.medianDaysTrainingToFullCertification, 'days')}.`}
        >
          <BarChart
            name="pipeline"
            kind="count"
            color="#7c5cc4"
            rows={[
              { key: 'internsAwaitingSupervisor', label: 'Interns awaiting a supervisor', figure: totals.internsAwaitingSupervisor },
              { key: 'openSupervisorSlots', label: 'Open supervisor slots', figure: totals.openSupervisorSlots },
              { key: 'provisionalCertifications', label: 'Provisional (interns)', figure: totals.provisionalCertifications },
              { key: 'newlyCertified', label: 'Newly certified in period', figure: totals.newlyCertified },
              { key: 'activeCertifications', label: 'Full certifications', figure: totals.activeCertifications },
            ]}
          />
        </Section>
        <Section
          title={trend.interval === 'QUARTER' ? 'Quarter by quarter' : 'Month by month'}
          note={
            trend.interval === 'QUARTER'
              ? 'Certifications issued and lapsed, and job postings opened, over the last eight quarters: months are too small to publish here; – marks a suppressed quarter.'
              : 'Certifications issued and lapsed, and job postings opened, over the last twelve months; – marks a suppressed month.'
          }
        >
          <LineChart
            name="trend"
            kind="count"
            labels={trend.months.map((first) => periodLabel(trend.interval, first))}
            series={[
              { name: 'Certifications issued', points: trend.totals.map((m) => m.certificationsIssued) },
              { name: 'Certifications lapsed', points: trend.totals.map((m) => m.certificationsLapsed) },
              { name: 'Postings opened', points: trend.totals.map((m) => m.postingsOpened) },
            ]}
          />
        </Section>
        <Section title="Open postings" note={`Share requiring certification: ${formatFigure(totals.shareOfPostingsRequiringCertification, 'rate')}.`}>
          <BarChart name="open-postings" rows={stateRows('JOB_POSTINGS', (s) => s.openJobPostings)} kind="count" color="#f08c2e" />
          <p className="note">Median hourly pay offered (the middle of each posting's range).</p>
          <BarChart name="pay-by-state" rows={stateRows('JOB_POSTINGS', (s) => s.medianHourlyPayCents)} kind="cents" color="#f08c2e" />
        </Section>
        <Section title="Pay offered in open postings" note="Hourly pay: lowest to highest, the dot at the median, by state and kind of employment.">
          <RangeChart
            name="pay"
            kind="cents"
            rows={pay.buckets.map((bucket) => ({
              key: `${bucket.key.jurisdiction?.code ?? '?'}:${bucket.key.employmentType ?? ''}`,
              label: `${bucket.key.jurisdiction?.code ?? '?'} · ${employment(bucket.key.employmentType)}`,
              min: { value: bucket.min.hourlyPayCents, suppressed: bucket.suppressed },
              median: { value: bucket.median.hourlyPayCents, suppressed: bucket.suppressed },
              max: { value: bucket.max.hourlyPayCents, suppressed: bucket.suppressed },
              note: bucket.suppressed ? undefined : `(${formatNumber(bucket.count ?? 0, 'count')} postings)`,
            }))}
          />
        </Section>
        <Section title="Fund use" note="Each assistance fund's budget: used (committed to awards) and remaining.">
          <StackedBarChart
            name="funds"
            partNames={['used', 'remaining']}
            rows={funds.map((fund) => ({
              key: `${fund.state}:${fund.fund.name}:${fund.fund.fiscalYear}`,
              label: `${fund.state} · ${fund.fund.name} (${fund.fund.sponsor}, fiscal year ${fund.fund.fiscalYear})`,
              total: fund.budgetCents,
              parts: [
                { name: 'used', amount: fund.budgetCents - fund.remainingCents },
                { name: 'remaining', amount: fund.remainingCents },
              ],
              caption: `${formatBudget(fund.remainingCents)} left of ${formatBudget(fund.budgetCents)}`,
            }))}
          />
          <table data-table="funds">
            <thead>
              <tr>
                <th>Fund</th>
                <th>Applications</th>
                <th>Requested</th>
                <th>Awarded</th>
                <th>Disbursed</th>
                <th>Remaining</th>
              </tr>
            </thead>
            <tbody>
              {funds.map((fund) => (
                <tr key={`${fund.state}:${fund.fund.name}:${fund.fund.fiscalYear}`} data-row={`${fund.state}:${fund.fund.name}:${fund.fund.fiscalYear}`}>
                  <td>
                    {fund.state} · {fund.fund.name}
                  </td>
                  <td>{formatFigure(fund.applications, 'count')}</td>
                  <td>{formatFigure(fund.requestedCents, 'cents')}</td>
                  <td>{formatFigure(fund.awardedCents, 'cents')}</td>
                  <td>{formatFigure(fund.disbursedCents, 'cents')}</td>
                  <td>{formatNumber(fund.remainingCents, 'cents')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>

      <Section title="By state">
        <table data-table="states">
          <thead>
            <tr>
              <th>State</th>
              <th>Population</th>
              <th>Full</th>
              <th>Per 100k</th>
              <th>Provisional</th>
              <th>Expiring 30 / 60 / 90 days</th>
              <th>Renewal rate</th>
              <th>Open postings</th>
              <th>Median pay / h</th>
            </tr>
          </thead>
          <tbody>
            {[...states, { ...totals, jurisdiction: { code: 'ALL', name: 'Total' } }].map((s) => (
              <tr key={s.jurisdiction.code} data-row={s.jurisdiction.code}>
                <td>{s.jurisdiction.name}</td>
                <td>{formatNumber(s.population, 'count')}</td>
                <td>{ofKind(s, 'CERTIFICATIONS', formatFigure(s.activeCertifications, 'count'))}</td>
                <td>{ofKind(s, 'CERTIFICATIONS', formatFigure(s.activePer100k, 'per100k'))}</td>
                <td>{ofKind(s, 'CERTIFICATIONS', formatFigure(s.provisionalCertifications, 'count'))}</td>
                <td>
                  {ofKind(
                    s,
                    'CERTIFICATIONS',
                    `${formatFigure(s.expiringWithin30Days, 'count')} / ${formatFigure(s.expiringWithin60Days, 'count')} / ${formatFigure(s.expiringWithin90Days, 'count')}`,
                  )}
                </td>
                <td>{ofKind(s, 'CERTIFICATIONS', formatFigure(s.renewalRate, 'rate'))}</td>
                <td>{ofKind(s, 'JOB_POSTINGS', formatFigure(s.openJobPostings, 'count'))}</td>
                <td>{ofKind(s, 'JOB_POSTINGS', formatFigure(s.medianHourlyPayCents, 'cents'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </main>
  );
}

createRoot(document.getElementById('dashboard')!).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);
