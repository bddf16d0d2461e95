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
}

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

export function getVersion(assignmentId: string, studentId: string, version: number, signal?: AbortSignal): Promise<SubmissionVersion> {
  return api.get<SubmissionVersion>(`${path(assignmentId)}/submissions/${encodeURIComponent(studentId)}/versions/${version}`, { signal });
}

export function saveGrade(assignmentId: string, studentId: string, score: number, feedback: string): Promise<Grade> {
  return api.put<Grade>(`${path(assignmentId)}/submissions/${encodeURIComponent(studentId)}/grade`, { score, feedback });
}
