// Importing a backup: the file is checked first (in a worker, with progress), then the user sees what
// is damaged and, for every draft already stored under the same id, which side is newer, and chooses to
// replace it, keep both or skip it. Nothing is written before that choice.
import { useState } from 'react';
import type { Workspace } from '../../editor/workspace';
import type { BackupCheck, BackupDraftInfo, BackupFault, ClashChoice, DraftStamp } from '../../editor/draft-store-port';
import { useLang, useT } from '../i18n/language';
import { clip } from './clip';

type Checked = Extract<BackupCheck, { ok: true }>;
const CHOICES: readonly ClashChoice[] = ['replace', 'copy', 'skip'];

function newer(a: DraftStamp, b: DraftStamp): boolean {
  return a.updated > b.updated || (a.updated === b.updated && a.steps > b.steps);
}

export function BackupImport(props: {
  workspace: Workspace;
  run: (fn: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
  setMessage: (m: string | null) => void;
}) {
  const { workspace, run, busy, setMessage } = props;
  const t = useT();
  const lang = useLang();
  const when = (ms: number) => new Date(ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [review, setReview] = useState<{ file: string; check: Checked; choices: Record<string, ClashChoice> } | null>(null);

  const refusal = (file: string, r: { code: string; detail: string }) => `${file}: ${t.backupErrors[r.code] ?? r.code} (${clip(r.detail, 300)}) ${t.nothingChanged}`;

  const importNow = (file: string, check: Checked, choices: Record<string, ClashChoice>) =>
    run(async () => {
      const r = await workspace.importChecked(check.ref, { partial: check.faults.length > 0, clash: choices, copyName: t.backupCopyName });
      setReview(null);
      setMessage(r.ok ? t.backupResult(r) : refusal(file, r));
    });

  const onFile = (file: File) =>
    run(async () => {
      setReview(null);
      setProgress({ done: 0, total: 0 });
      let check: BackupCheck;
      try {
        check = await workspace.checkBackup(file, (done, total) => setProgress({ done, total }));
      } finally {
        setProgress(null);
      }
      if (!check.ok) return setMessage(refusal(file.name, check));
      const choices = Object.fromEntries(check.drafts.filter((d) => d.existing).map((d) => [d.id, 'copy' as ClashChoice]));
      // Nothing to ask: no damage and no draft already stored.
      if (check.faults.length === 0 && Object.keys(choices).length === 0) {
        const r = await workspace.importChecked(check.ref, {});
        return setMessage(r.ok ? t.backupResult(r) : refusal(file.name, r));
      }
      setReview({ file: file.name, check, choices });
    });

  const clashes = review?.check.drafts.filter((d) => d.existing) ?? [];
  const fresh = review ? review.check.drafts.length - clashes.length : 0;
  return (
    <>
      <label className="file-button">
        <span>{t.importBackup}</span>
        <input
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
      </label>
      {progress ? (
        <p role="status">
          {t.backupChecking(progress.done, progress.total)} <progress max={progress.total || 1} value={progress.done} />
        </p>
      ) : null}
      {review ? (
        <div className="backup-review" role="group" aria-label={t.backupReview}>
          {review.check.faults.length > 0 ? <Faults faults={review.check.faults} /> : null}
          {fresh > 0 ? <p>{t.backupNew(fresh)}</p> : null}
          {clashes.length > 0 ? <p>{t.backupClashTitle}</p> : null}
          {clashes.map((d) => (
            <Clash
              key={d.id}
              draft={d}
              when={when}
              choice={review.choices[d.id] ?? 'copy'}
              onChoice={(c) => setReview({ ...review, choices: { ...review.choices, [d.id]: c } })}
            />
          ))}
          <div className="form-actions">
            {review.check.drafts.length > 0 ? (
              <button type="button" disabled={busy} onClick={() => void importNow(review.file, review.check, review.choices)}>
                {review.check.faults.length > 0 ? t.importSoundDrafts : t.importDrafts}
              </button>
            ) : (
              <span>{t.backupNothingToImport}</span>
            )}{' '}
            <button type="button" disabled={busy} onClick={() => setReview(null)}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

function Faults({ faults }: { faults: readonly BackupFault[] }) {
  const t = useT();
  return (
    <>
      <p>{t.backupFaultsTitle(faults.length)}</p>
      <ul className="backup-faults" aria-label={t.backupFaultsTitle(faults.length)}>
        {faults.map((f, i) => (
          <li key={i}>
            {f.draftId === null ? t.backupFaultOther : t.backupFaultDraft(clip(f.draftName ?? '', 80), clip(f.draftId, 60))}: {t.backupFaults[f.code] ?? f.code}{' '}
            <span className="muted">
              ({clip(f.where, 120)}: {clip(f.detail, 200)})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Clash(props: { draft: BackupDraftInfo; when: (ms: number) => string; choice: ClashChoice; onChoice: (c: ClashChoice) => void }) {
  const { draft: d, when, choice, onChoice } = props;
  const t = useT();
  const stored = d.existing!;
  const side = (label: string, s: DraftStamp, isNewer: boolean) => (
    <li>
      {t.backupSide(label, when(s.updated), s.steps)}
      {isNewer ? <strong> ({t.newer})</strong> : null}
    </li>
  );
  return (
    <fieldset className="backup-clash" aria-label={clip(d.name, 200)}>
      <legend>{clip(d.name, 80)}</legend>
      <ul>
        {side(t.inBackup, d, newer(d, stored))}
        {side(t.inStore, stored, newer(stored, d))}
      </ul>
      {CHOICES.map((c) => (
        <label key={c}>
          <input type="radio" name={`clash-${d.id}`} checked={choice === c} onChange={() => onChoice(c)} /> {t.clashChoices[c]}
        </label>
      ))}
    </fieldset>
  );
}
