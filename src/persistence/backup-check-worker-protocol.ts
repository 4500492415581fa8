// Messages between the backup checker worker and the page.
import type { BackupErrorCode } from '../editor/draft-store-port';
import type { CheckedBackup } from './backup-check';

export type BackupCheckRequest = { readonly file: Blob };

export type BackupCheckResponse =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly result: CheckedBackup }
  | { readonly kind: 'refused'; readonly code: BackupErrorCode; readonly detail: string }
  | { readonly kind: 'failed'; readonly error: string };
