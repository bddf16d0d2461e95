import type { AttachedFile } from '../files/api';
import { api, type Page } from '../shared/api';

export interface LatePolicy {
  /** Percent of the maximum score deducted per started day late. */
  percentPerDay: number;
  /** The published score never drops below this percent of the maximum (nor above the raw score). */
  floorPercent: number;
}

export interface Assignment {
  assignmentId: string;
  bootcampId: string;
  title: string;
  description: string;
  dueAt: string;
  maxScore: number;
  allowedExtensions: string[];
  maxFileBytes: number;
  latePolicy: LatePolicy;
  closed: boolean;
  createdAt: string;
  /** Only in a student's list: their own standing (absent for staff and on single-assignment answers). */
  myStatus?: WorkStatus;
  /** The published score, once graded. */
  myScore?: number;
  late?: boolean;
  myExtendedDueAt?: string;
}

/** Where a student stands on one assignment. */
export type WorkStatus = 'missing' | 'submitted' | 'graded';

export interface AssignmentInput {
  title: string;
  description: string;
  dueAt: string;
  maxScore: number;
  allowedExtensions: string[];
  maxFileBytes: number;
  latePolicy: LatePolicy;
}

export interface AssignmentPatch {
  dueAt?: string;
  closed?: boolean;
  latePolicy?: LatePolicy;
}

export interface Grade {
  score: number;
  publishedScore: number;
  maxScore: number;
  feedback: string;
  /** The version this grade was given to. */
  version: number;
  daysLate: number;
  gradedAt: string;
}

/** One version of a student's work; `grade` is set only on the version it graded. */
export interface SubmissionVersion {
  assignmentId: string;
  studentId: string;
  version: number;
  text: string | null;
  fileIds: string[];
  submittedAt: string;
  late: boolean;
  daysLate: number;
  grade: Grade | null;
  /** The version's files as they were submitted (names, sizes, whether there is a preview). */
  files: AttachedFile[];
}

/** Staff view: the latest submission of one student. */
export interface SubmissionSummary {
  studentId: string;
  studentName: string;
  latestVersion: number;
  submittedAt: string;
  late: boolean;
  grade: Grade | null;
  extendedDueAt: string | null;
}

export interface SubmissionReceipt {
  version: number;
  submittedAt: string;
  late: boolean;
}

const path = (assignmentId: string) => `/api/assignments/${encodeURIComponent(assignmentId)}`;

export function listAssignments(bootcampId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<Assignment>> {
  return api.get<Page<Assignment>>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/assignments`, { query: { page, pageSize }, signal });
}

export function createAssignment(bootcampId: string, input: AssignmentInput): Promise<Assignment> {
  return api.post<Assignment>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/assignments`, input);
}

export function getAssignment(assignmentId: string, signal?: AbortSignal): Promise<Assignment> {
  return api.get<Assignment>(path(assignmentId), { signal });
}

export function updateAssignment(assignmentId: string, patch: AssignmentPatch): Promise<Assignment> {
  return api.patch<Assignment>(path(assignmentId), patch);
}

export function grantExtension(assignmentId: string, studentId: string, dueAt: string): Promise<void> {
  return api.put<void>(`${path(assignmentId)}/extensions/${encodeURIComponent(studentId)}`, { dueAt });
}

export function submitWork(assignmentId: string, text: string, fileIds: string[]): Promise<SubmissionReceipt> {
  return api.post<SubmissionReceipt>(`${path(assignmentId)}/submissions`, { text: text.trim() ? text : null, fileIds });
}

/** For an enrolled student: their own versions, newest first. */
export function listMyVersions(assignmentId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<SubmissionVersion>> {
  return api.get<Page<SubmissionVersion>>(`${path(assignmentId)}/submissions`, { query: { page, pageSize }, signal });
}

/** For staff and admins: the latest submission per student. */
export function listLatestSubmissions(assignmentId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<SubmissionSummary>> {
  return api.get<Page<SubmissionSummary>>(`${path(assignmentId)}/submissions`, { query: { page, pageSize }, signal });
}

/** One student's standing (staff, admins, the student); 404 before they have submitted. */
export function getSubmissionSummary(assignmentId: string, studentId: string, signal?: AbortSignal): Promise<SubmissionSummary> {
  return api.get<SubmissionSummary>(`${path(assignmentId)}/submissions/${encodeURIComponent(studentId)}`, { signal });
}

export function getVersion(assignmentId: string, studentId: string, version: number, signal?: AbortSignal): Promise<SubmissionVersion> {
  return api.get<SubmissionVersion>(`${path(assignmentId)}/submissions/${encodeURIComponent(studentId)}/versions/${version}`, { signal });
}

export function saveGrade(assignmentId: string, studentId: string, score: number, feedback: string): Promise<Grade> {
  return api.put<Grade>(`${path(assignmentId)}/submissions/${encodeURIComponent(studentId)}/grade`, { score, feedback });
}

export interface GradebookCell {
  assignmentId: string;
  status: WorkStatus;
  /** The published score once graded. */
  score: number | null;
  late: boolean;
  version: number | null;
}

export interface Gradebook {
  assignments: { assignmentId: string; title: string; dueAt: string; maxScore: number }[];
  rows: { studentId: string; displayName: string; cells: GradebookCell[] }[];
}

const gradebookPath = (bootcampId: string) => `/api/bootcamps/${encodeURIComponent(bootcampId)}/gradebook`;

export function getGradebook(bootcampId: string, signal?: AbortSignal): Promise<Gradebook> {
  return api.get<Gradebook>(gradebookPath(bootcampId), { signal });
}

/** The gradebook as CSV text (the API needs the bearer token, so a plain link cannot download it). */
export function getGradebookCsv(bootcampId: string): Promise<string> {
  return api.get<string>(gradebookPath(bootcampId), { query: { format: 'csv' } });
}
