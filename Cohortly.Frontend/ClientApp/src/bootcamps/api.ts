import { api, type Page } from '../shared/api';

export type StaffRole = 'instructor' | 'mentor';
export type MemberRole = 'student' | StaffRole;

export interface StaffMember {
  userId: string;
  displayName: string;
  role: StaffRole;
}

/** A catalog row (`GET /api/bootcamps`). */
export interface BootcampSummary {
  bootcampId: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsLeft: number;
  priceMinor: number;
  currency: string;
  tags: string[];
  skills: string[];
}

/** One bootcamp (`GET /api/bootcamps/{id}`): always fresh, unlike the catalog. */
export interface Bootcamp extends BootcampSummary {
  enrolledCount: number;
  assignmentCount: number;
  staff: StaffMember[];
  createdAt: string;
  /** How many monthly payments the price may be split into; 1 = paid at once. */
  installmentCount: number;
  /** Platform subscribers enroll without paying separately. */
  includedInSubscription: boolean;
}

export interface BootcampInput {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  priceMinor: number;
  currency: string;
  tags: string[];
  skills: string[];
  installmentCount: number;
  includedInSubscription: boolean;
}

export interface Enrollment {
  bootcampId: string;
  userId: string;
  status: 'active' | 'withdrawn';
  enrolledAt: string | null;
  /** Set while access is paused (an overdue installment, a lapsed subscription), in words for the student. */
  suspendedReason: string | null;
}

export interface RosterEntry {
  userId: string;
  displayName: string;
  status: 'active' | 'withdrawn';
  enrolledAt: string;
}

export interface Progress {
  completedAssignments: number;
  totalAssignments: number;
  averageScorePercent: number | null;
  lateCount: number;
}

export interface MyBootcamp {
  bootcampId: string;
  title: string;
  role: MemberRole;
  startsAt: string;
  endsAt: string;
  progress: Progress | null;
}

const path = (bootcampId: string) => `/api/bootcamps/${encodeURIComponent(bootcampId)}`;

export function searchBootcamps(query: { q?: string; tag?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<BootcampSummary>> {
  return api.get<Page<BootcampSummary>>('/api/bootcamps', { query: { q: query.q || undefined, tag: query.tag || undefined, page: query.page, pageSize: query.pageSize }, signal });
}

export function getBootcamp(bootcampId: string, signal?: AbortSignal): Promise<Bootcamp> {
  return api.get<Bootcamp>(path(bootcampId), { signal });
}

export function createBootcamp(input: BootcampInput): Promise<Bootcamp> {
  return api.post<Bootcamp>('/api/bootcamps', input);
}

/** A merge patch: only the fields given change. */
export function updateBootcamp(bootcampId: string, patch: Partial<BootcampInput>): Promise<Bootcamp> {
  return api.patch<Bootcamp>(path(bootcampId), patch);
}

export function assignStaff(bootcampId: string, userId: string, role: StaffRole): Promise<void> {
  return api.post<void>(`${path(bootcampId)}/staff`, { userId, role });
}

export function removeStaff(bootcampId: string, userId: string): Promise<void> {
  return api.delete<void>(`${path(bootcampId)}/staff/${encodeURIComponent(userId)}`);
}

export function enroll(bootcampId: string): Promise<Enrollment> {
  return api.post<Enrollment>(`${path(bootcampId)}/enrollments`);
}

export function withdraw(bootcampId: string, userId: string): Promise<void> {
  return api.delete<void>(`${path(bootcampId)}/enrollments/${encodeURIComponent(userId)}`);
}

export function listRoster(bootcampId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<RosterEntry>> {
  return api.get<Page<RosterEntry>>(`${path(bootcampId)}/enrollments`, { query: { page, pageSize }, signal });
}

export function getProgress(bootcampId: string, studentId: string, signal?: AbortSignal): Promise<Progress> {
  return api.get<Progress>(`${path(bootcampId)}/progress/${encodeURIComponent(studentId)}`, { signal });
}

export function listMyBootcamps(signal?: AbortSignal): Promise<Page<MyBootcamp>> {
  return api.get<Page<MyBootcamp>>('/api/me/bootcamps', { signal });
}

export const memberRoleLabels: Record<MemberRole, string> = {
  student: 'Student',
  instructor: 'Instructor',
  mentor: 'Mentor',
};
