import { api } from '../shared/api';

export interface DayCount {
  date: string;
  count: number;
}

export interface AssignmentSubmissions {
  assignmentId: string;
  title: string;
  onTime: number;
  late: number;
  missing: number;
}

export interface GradeBucket {
  fromPercent: number;
  toPercent: number;
  count: number;
}

export interface AtRiskStudent {
  studentId: string;
  displayName: string;
  score: number;
  reasons: string[];
}

/** The previous cohort's headline figures, when staff named one. */
export interface PreviousCohort {
  bootcampId: string;
  title: string;
  enrolled: number;
  completionRate: number;
  averageScorePercent: number | null;
  submissions: { onTime: number; late: number; missing: number };
}

export interface BootcampAnalytics {
  bootcampId: string;
  timeZone: string;
  enrolled: number;
  active: number;
  completionRate: number;
  averageScorePercent: number | null;
  submissions: { onTime: number; late: number; missing: number };
  enrollmentsByDay: DayCount[];
  submissionsByAssignment: AssignmentSubmissions[];
  gradeHistogram: GradeBucket[];
  activeStudentsByDay: DayCount[];
  atRisk: AtRiskStudent[];
  computedAt: string;
  previousCohort: PreviousCohort | null;
}

export interface MonthRevenue {
  month: string;
  currency: string;
  grossMinor: number;
  discountsMinor: number;
  refundsMinor: number;
  netMinor: number;
}

export interface PlatformAnalytics {
  users: number;
  activeUsers30d: number;
  bootcamps: number;
  enrollmentsByMonth: { month: string; count: number }[];
  revenueByMonth: MonthRevenue[];
  completionRateByBootcamp: { bootcampId: string; title: string; rate: number }[];
}

/** The hub's `analytics` message: one figure's new value. */
export interface AnalyticsMessage {
  bootcampId: string;
  metric: string;
  value: number | null;
  at: string;
}

export const getBootcampAnalytics = (bootcampId: string, signal?: AbortSignal) =>
  api.get<BootcampAnalytics>(`/api/analytics/bootcamps/${encodeURIComponent(bootcampId)}`, { signal });

/** Replaces both settings: no previous cohort clears the comparison. */
export const setAnalyticsSettings = (bootcampId: string, settings: { timeZone: string; previousBootcampId: string | null }) =>
  api.put<void>(`/api/analytics/bootcamps/${encodeURIComponent(bootcampId)}/settings`, settings);

export const getPlatformAnalytics = (signal?: AbortSignal) => api.get<PlatformAnalytics>('/api/analytics/platform', { signal });

/** A custom report (`GET /api/analytics/reports`): key cells (strings) then figures (numbers, or null) per row. */
export interface Report {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportQuery {
  metric: string;
  groupBy: string;
  from: string;
  to: string;
  bootcampId: string;
}

export const reportQuery = (q: ReportQuery, format: 'json' | 'csv' | 'pdf') => ({
  metric: q.metric,
  groupBy: q.groupBy,
  from: q.from || undefined,
  to: q.to || undefined,
  bootcampId: q.bootcampId || undefined,
  format,
});

export const getReport = (q: ReportQuery, signal?: AbortSignal) => api.get<Report>('/api/analytics/reports', { query: reportQuery(q, 'json'), signal });

/** A report kept by name and emailed weekly (`/api/analytics/reports/saved`). */
export interface SavedReport {
  reportId: string;
  name: string;
  metric: string;
  groupBy: string;
  from: string | null;
  to: string | null;
  bootcampId: string | null;
  createdAt: string;
}

export const listSavedReports = (signal?: AbortSignal) => api.get<SavedReport[]>('/api/analytics/reports/saved', { signal });

export const saveReport = (name: string, q: ReportQuery) =>
  api.post<SavedReport>('/api/analytics/reports/saved', {
    name, metric: q.metric, groupBy: q.groupBy, from: q.from || null, to: q.to || null, bootcampId: q.bootcampId || null,
  });

export const deleteSavedReport = (reportId: string) => api.delete<void>(`/api/analytics/reports/saved/${encodeURIComponent(reportId)}`);
