// Workspace failures in the user's words: storage refusals (a full disk, in whatever form the browser
// reports it) say so with the browser's text after; anything else is shown as it is.
import { describe, expect, it } from 'vitest';
import { errorText, isStorageFailure } from '../../../src/ui/i18n/error-text';
import { MESSAGES } from '../../../src/ui/i18n/messages';
import { StorageWriteError, saveFailureKind } from '../../../src/editor/save-failure';
import { UnsavedDraftError } from '../../../src/editor/workspace';

const dom = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('errorText', () => {
  it('says the disk is probably full for every storage failure the browsers give, with the details', () => {
    const bulk = Object.assign(dom('BulkError', 'arcs.bulkAdd(): 656 of 705 operations failed.'), { inner: dom('AbortError', 'The transaction was aborted') });
    const cache = new StorageWriteError('keeping 33.bin on this device for offline use', dom('InvalidAccessError', "Failed to execute 'put' on 'Cache': Entry already exists."));
    for (const e of [bulk, cache, dom('QuotaExceededError', 'quota'), dom('UnknownError', 'Internal error committing transaction')]) {
      expect(isStorageFailure(e)).toBe(true);
      expect(errorText(MESSAGES.vi, e)).toBe(MESSAGES.vi.storageWriteFailed(e.message));
      expect(errorText(MESSAGES.en, e)).toMatch(/^The browser could not write the data to this device, usually because the disk is full\. .*\(Details: /);
    }
    expect(saveFailureKind(cache)).toBe('refused');
    expect(errorText(MESSAGES.vi, cache)).toContain("Chi tiết: keeping 33.bin on this device for offline use: Failed to execute 'put' on 'Cache': Entry already exists.");
  });

  it('shows any other failure as it is, and an unsaved open draft in its own words', () => {
    const e = new Error('no province with code "99"');
    expect(isStorageFailure(e)).toBe(false);
    expect(errorText(MESSAGES.vi, e)).toBe('no province with code "99"');
    // A draft deleted in another tab, a key the database refused: their own words, not "the disk is full".
    const gone = dom('DraftNotFoundError', 'draft abc does not exist');
    const taken = Object.assign(dom('BulkError', 'units.bulkAdd(): 1 of 3 operations failed.'), { failures: [dom('ConstraintError', 'Key already exists in the object store.')] });
    for (const x of [gone, taken]) {
      expect(isStorageFailure(x)).toBe(false);
      expect(errorText(MESSAGES.vi, x)).toBe(x.message);
    }
    expect(errorText(MESSAGES.vi, new UnsavedDraftError('Hải Phòng 1', new Error('x')))).toBe(MESSAGES.vi.unsavedDraft('Hải Phòng 1'));
  });
});
