import { api, type Page } from '../shared/api';
import { accessTokenExpiring, errorFromResponse, getAccessToken, networkError, refreshSession, storedRefreshToken } from '../shared/session';

export type CertificateStatus = 'valid' | 'revoked' | 'superseded';

export interface MyCertificate {
  certificateId: string;
  bootcampId: string;
  bootcampTitle: string;
  issuedAt: string;
  status: CertificateStatus;
  verifyUrl: string;
  linkedInUrl: string;
}

export interface Verification {
  status: CertificateStatus | 'unknown' | 'invalid';
  certificateId: string | null;
  studentName: string | null;
  bootcampTitle: string | null;
  issuedAt: string | null;
  startsAt: string | null;
  endsAt: string | null;
  skills: string[];
  grade: string | null;
  signerName: string | null;
  signerTitle: string | null;
  revokedAt: string | null;
  reason: string | null;
  supersededBy: string | null;
  signatureValid: boolean | null;
  credentialValid: boolean | null;
}

export const listMyCertificates = (signal?: AbortSignal) => api.get<MyCertificate[]>('/api/me/certificates', { signal });

export const verifyCertificate = (certificateId: string, signal?: AbortSignal) =>
  api.get<Verification>(`/api/verify/${encodeURIComponent(certificateId)}`, { auth: false, signal });

export const verifyToken = (token: string, signal?: AbortSignal) =>
  api.get<Verification>('/api/verify/token', { auth: false, query: { t: token }, signal });

/** Sends a PDF to the public checker: its signature, its embedded credential and the certificate's status. */
export async function verifyPdf(file: File): Promise<Verification> {
  const form = new FormData();
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch('/api/verify/pdf', { method: 'POST', body: form, headers: { Accept: 'application/json, application/problem+json' } });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as Verification;
}

/** Downloads a signed-in file (the PDF, the credential) and hands it to the browser under `fileName`. */
export async function downloadAuthorized(path: string, fileName: string): Promise<void> {
  if (accessTokenExpiring() && storedRefreshToken()) await refreshSession();
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` } });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await errorFromResponse(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface CertificateSettings {
  passPercent: number;
  requireAllAssignments: boolean;
  minAttendancePercent: number | null;
  signerName: string;
  signerTitle: string;
  accentColor: string;
  autoIssue: boolean;
  showGrade: boolean;
  logoFileId: string | null;
}

export const getCertificateSettings = (bootcampId: string, signal?: AbortSignal) =>
  api.get<CertificateSettings>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/certificate-settings`, { signal });

export const saveCertificateSettings = (bootcampId: string, settings: CertificateSettings) =>
  api.put<CertificateSettings>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/certificate-settings`, settings);

export const issueCertificate = (bootcampId: string, studentId: string) =>
  api.post<{ certificateId: string; studentName: string }>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/certificates`, { studentId });

/** The bootcamp's active students, for the issue form (the first 100: a larger cohort's certificates come from the rule). */
export const listActiveStudents = async (bootcampId: string, signal?: AbortSignal) =>
  (await api.get<Page<{ userId: string; displayName: string; status: string }>>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/enrollments`, { query: { page: 1, pageSize: 100 }, signal }))
    .items.filter((e) => e.status === 'active');

/** One certificate as staff see it in the bootcamp's list. */
export interface CertificateSummary {
  certificateId: string;
  studentName: string;
  issuedAt: string;
  status: CertificateStatus;
  revokedAt: string | null;
  reason: string | null;
  supersededBy: string | null;
  verifyUrl: string;
}

/** A student of the roster and their certificates: the current one first, then the ones it replaced. */
export interface StudentCertificates {
  studentId: string;
  displayName: string;
  enrollmentStatus: 'active' | 'withdrawn';
  certificates: CertificateSummary[];
}

export const listBootcampCertificates = (bootcampId: string, page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<Page<StudentCertificates>>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/certificates`, { query: { page, pageSize }, signal });

export const correctCertificateName = (certificateId: string, studentName: string) =>
  api.post<{ certificateId: string; studentName: string }>(`/api/certificates/${encodeURIComponent(certificateId)}/name-correction`, { studentName });

export const revokeCertificate = (certificateId: string, reason: string) =>
  api.post<void>(`/api/certificates/${encodeURIComponent(certificateId)}/revoke`, { reason });
