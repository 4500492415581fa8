import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { HubOpRefused, type HubSession } from '../../editor/hub-session';
import { hubBorderRows, type HubBorderRow } from '../../editor/hub-rows';
import { useStore } from '../hooks/use-store';
import { formatNumber } from '../i18n/messages';
import { useLang, useT } from '../i18n/language';

/**
 * The province hub beside the map (not modal: the map stays usable to look at a proposal): sign-in,
 * the borders of the ward's unit with where each agreement stands, and the actions on them.
 */
export function HubPanel({ hub, editor, onAgreement, onClose }: { hub: HubSession; editor: Editor; onAgreement: (borderId: number) => void; onClose: () => void }) {
  const t = useT();
  const H = t.hub;
  const lang = useLang();
  const ref = useRef<HTMLDialogElement>(null);
  const s = useStore(hub.state);
  const coverage = useStore(editor.coverage);
  const rows = useMemo(() => hubBorderRows(s, coverage), [s, coverage]);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const dashboard = useStore(hub.dashboard);
  const pending = useStore(hub.pendingSubmissions);
  const [submitNote, setSubmitNote] = useState('');
  const [returnReasons, setReturnReasons] = useState<Record<number, string>>({});

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.show();
    return () => editor.showChangedBorders([]);
  }, [editor]);

  // Every action says what went wrong in the panel; a failure the app did not expect is logged too.
  const act = async (f: () => Promise<void>) => {
    setFailure(null);
    try {
      await f();
    } catch (e) {
      if (!(e instanceof HubOpRefused)) console.error(e);
      setFailure(e instanceof Error ? e.message : String(e));
    }
  };

  const unitName = (code: string | null) => (code && coverage ? ([...coverage.units.values()].find((u) => u.attrs.code === code)?.attrs.fullName ?? code) : (code ?? ''));
  const m = (n: number, digits = 0) => formatNumber(lang, n, digits);

  return (
    <dialog ref={ref} className="hub-panel" aria-labelledby="hub-title" onClose={onClose}>
      <h2 id="hub-title">{H.title}</h2>
      {s.phase === 'no-hub' ? <p>{H.noHubNote}</p> : null}
      {!s.online ? <p className="hub-offline" role="status">{H.offline}</p> : null}
      {s.outbox.length > 0 ? <p className="hub-pending" role="status">{H.pending(s.outbox.length)}</p> : null}
      {failure ? <p className="error" role="alert">{failure}</p> : null}
      {s.refusals.length > 0 ? (
        <div className="hub-refusals" role="alert">
          <p>{H.refused}</p>
          <ul>
            {s.refusals.map((r) => (
              <li key={r.op.opId}>
                {r.message}{' '}
                <button type="button" onClick={() => void act(() => hub.dismissRefusal(r.op.opId))}>
                  {H.dismiss}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {s.phase === 'signed-out' ? (
        <form
          className="hub-login"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              try {
                await hub.signIn(login, password);
                setPassword('');
              } catch (err) {
                throw new Error(H.signInFailed(err instanceof Error ? err.message : String(err)));
              }
            });
          }}
        >
          <p>{H.signInIntro}</p>
          <label>
            {H.login} <input name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
          </label>
          <label>
            {H.password} <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit">{H.signIn}</button>
        </form>
      ) : null}
      {s.phase === 'ready' && s.account ? (
        <>
          <p className="hub-account">
            {H.account(s.account.login, s.account.unitCode ? unitName(s.account.unitCode) : s.account.role)}{' '}
            <button type="button" onClick={() => void act(() => hub.signOut())}>
              {H.signOut}
            </button>
          </p>
          <p>
            {s.revision !== null ? H.revision(s.revision) : null} · {s.lastSync ? H.lastSync(new Date(s.lastSync).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')) : H.neverSynced}{' '}
            <button type="button" className="hub-sync" disabled={s.busy} onClick={() => void act(() => hub.sync())}>
              {s.busy ? H.syncing : H.sync}
            </button>
          </p>
          {s.account.unitCode ? null : <p>{H.notWard}</p>}
          {rows.length > 0 ? (
            <table className="hub-borders">
              <caption>{H.borders}</caption>
              <thead>
                <tr>
                  <th>{H.neighbour}</th>
                  <th>{H.length}</th>
                  <th>{H.state}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <BorderRowView
                    key={r.borderId}
                    row={r}
                    note={notes[r.borderId] ?? ''}
                    onNote={(v) => setNotes({ ...notes, [r.borderId]: v })}
                    lengthText={`${m(r.lengthM)} m`}
                    changeText={r.toAnswer ? H.change(m(r.toAnswer.change.areaM2), m(r.toAnswer.change.maxShiftM, 1)) : null}
                    onShow={() => {
                      editor.showChangedBorders(r.shown.lines);
                      editor.zoomTo(r.shown.bbox);
                    }}
                    act={act}
                    hub={hub}
                    onAgreement={() => onAgreement(r.borderId)}
                  />
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
      {s.phase === 'ready' && s.account ? (
        <section className="hub-progress" aria-label={H.progress}>
          <h3>
            {H.progress}{' '}
            <button type="button" onClick={() => void act(() => hub.loadDashboard())}>
              {H.loadProgress}
            </button>
          </h3>
          {s.account.unitCode ? (
            <p className="hub-submit">
              <input aria-label={H.submitNote} placeholder={H.submitNote} value={submitNote} onChange={(e) => setSubmitNote(e.target.value)} />
              <button type="button" onClick={() => void act(async () => {
                await hub.submitUnit(submitNote || null);
                setSubmitNote('');
              })}>
                {H.submitUnit}
              </button>
            </p>
          ) : null}
          {pending.length > 0 ? (
            <div className="hub-reviews">
              <h4>{H.pendingReviews}</h4>
              <ul>
                {pending.map((p) => (
                  <li key={p.id} data-submission={p.id}>
                    {H.submittedBy(p.unitName, p.submittedBy, p.revision)}
                    {p.note ? <span className="hub-note"> “{p.note}”</span> : null}{' '}
                    <button type="button" onClick={() => void act(() => hub.reviewSubmission(p.id, 'accept', null))}>
                      {H.acceptSubmission}
                    </button>
                    <input aria-label={H.returnReason} placeholder={H.returnReason} value={returnReasons[p.id] ?? ''} onChange={(e) => setReturnReasons({ ...returnReasons, [p.id]: e.target.value })} />
                    <button type="button" onClick={() => void act(() => hub.reviewSubmission(p.id, 'return', returnReasons[p.id] ?? ''))}>
                      {H.returnSubmission}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {dashboard ? (
            <>
              <p className="hub-totals">{H.totals(dashboard.totals.borders, dashboard.totals.agreed, dashboard.totals.proposed, dashboard.totals.disputed)}</p>
              <table className="hub-units">
                <thead>
                  <tr>
                    <th>{H.unit}</th>
                    <th>{H.agreedOf}</th>
                    <th>{H.borderStatuses.proposed}</th>
                    <th>{H.borderStatuses.disputed}</th>
                    <th>{H.submission}</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.units.map((u) => (
                    <tr key={u.code} data-unit={u.code} data-submission={u.submission?.status ?? 'none'}>
                      <td>{unitName(u.code) || u.name}</td>
                      <td className="num">
                        {u.borders.agreed} / {u.borders.total}
                      </td>
                      <td className="num">{u.borders.proposed}</td>
                      <td className="num">{u.borders.disputed}</td>
                      <td>{H.submissionStates[u.submission?.status ?? 'none']}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {/* Every border someone has acted on (the untouched ones are the totals' rest). */}
              <table className="hub-province-borders">
                <caption>{H.borderList}</caption>
                <thead>
                  <tr>
                    <th>{H.unit}</th>
                    <th>{H.neighbour}</th>
                    <th>{H.length}</th>
                    <th>{H.state}</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.borders
                    .filter((b) => b.status !== 'untouched')
                    .map((b) => (
                      <tr key={b.id} data-province-border={b.id} data-status={b.status}>
                        <td>{unitName(b.unitA)}</td>
                        <td>{b.unitB === null ? H.outside : unitName(b.unitB)}</td>
                        <td className="num">{m(b.lengthM)} m</td>
                        <td>{H.borderStatuses[b.status]}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          ) : null}
        </section>
      ) : null}
      <div className="form-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}

function BorderRowView({ row, note, onNote, lengthText, changeText, onShow, act, hub, onAgreement }: {
  row: HubBorderRow;
  note: string;
  onNote: (v: string) => void;
  lengthText: string;
  changeText: string | null;
  onShow: () => void;
  act: (f: () => Promise<void>) => Promise<void>;
  hub: HubSession;
  onAgreement: () => void;
}) {
  const H = useT().hub;
  const [reason, setReason] = useState('');
  const busy = row.state === 'queued';
  return (
    <tr data-border={row.borderId} data-state={row.state}>
      <td>{row.neighbourName ?? H.outside}</td>
      <td className="num">{lengthText}</td>
      <td>
        {H.states[row.state]}
        {changeText ? <div className="hub-change">{changeText}</div> : null}
        {row.toAnswer?.proposal.note ? <div className="hub-note">“{row.toAnswer.proposal.note}”</div> : null}
        {row.draftProblem ? <div className="hint">{H.problems[row.draftProblem.code](row.draftProblem.units.filter(Boolean).join(', '))}</div> : null}
      </td>
      <td className="row-actions">
        <button type="button" onClick={onShow}>
          {H.showOnMap}
        </button>
        {row.state === 'agreed' ? (
          <button type="button" onClick={onAgreement}>
            {H.print}
          </button>
        ) : null}
        {row.draftChanged ? (
          <button type="button" onClick={() => hub.takeProvinceCourse(row.borderId)}>
            {H.takeCourse}
          </button>
        ) : null}
        {row.toAnswer ? (
          <>
            <button type="button" disabled={busy} onClick={() => void act(() => hub.decide(row.toAnswer!.proposal.id, 'accept', null))}>
              {H.accept}
            </button>
            <input aria-label={H.reason} placeholder={H.reason} value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="button" disabled={busy} onClick={() => void act(() => hub.decide(row.toAnswer!.proposal.id, 'reject', reason))}>
              {H.reject}
            </button>
            <button type="button" disabled={busy || row.draftChanged === null} onClick={() => void act(() => hub.decide(row.toAnswer!.proposal.id, 'counter', note || null))}>
              {H.counter}
            </button>
          </>
        ) : row.neighbourCode !== null && row.state !== 'waiting' ? (
          <>
            <input aria-label={H.note} placeholder={H.note} value={note} onChange={(e) => onNote(e.target.value)} />
            <button type="button" disabled={busy || row.draftChanged === null} onClick={() => void act(() => hub.propose(row.borderId, note || null))}>
              {row.draftChanged ? H.proposeDraft : H.confirmCurrent}
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}
