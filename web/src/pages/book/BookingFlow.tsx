import { lazy, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { AdminApiError, api, read } from '../../api/client';
import { updateFlow, useFlow, type FlowState } from '../../booking/flow';
import { ErrorView, Loading, NotFoundView } from '../../components/StateViews';
import { ChannelStep } from './ChannelStep';
import { DeskStep, OfficeStep, ProvinceStep } from './ChooseSteps';
import { STEP_PATH, type Step } from './FlowFrame';

// The steps from the slots on (and their form checks: tax code, phone numbers) load when
// reached, keeping the first steps light.
const holdSteps = () => import('./HoldSteps');
const SlotStep = lazy(() => holdSteps().then((m) => ({ default: m.SlotStep })));
const PersonStep = lazy(() => holdSteps().then((m) => ({ default: m.PersonStep })));
const SummaryStep = lazy(() => holdSteps().then((m) => ({ default: m.SummaryStep })));
const DoneStep = lazy(() => holdSteps().then((m) => ({ default: m.DoneStep })));
const WaitlistJoinStep = lazy(() => import('./WaitlistSteps').then((m) => ({ default: m.WaitlistJoinStep })));

/** The first step whose choice is missing, for a step that needs all before it. */
export function missingStep(flow: FlowState, step: Step): Step | null {
  const order: Step[] = ['province', 'office', 'desk', 'channel', 'slot', 'person', 'summary'];
  const need = order.slice(0, order.indexOf(step));
  for (const s of need) {
    if (s === 'province' && !flow.provinceCode) return s;
    if (s === 'office' && !flow.officeId) return s;
    if (s === 'desk' && !flow.deskId) return s;
    if (s === 'channel' && !flow.channel) return s;
    if (s === 'slot' && !flow.hold) return s;
    if (s === 'person' && !flow.personValid) return s;
  }
  return null;
}

function Guard({ step, render }: { step: Step; render: (flow: FlowState) => JSX.Element }) {
  const flow = useFlow();
  // Just booked: the hold is gone because it became the booking; show the confirmation.
  if (flow.result && !flow.hold && (step === 'person' || step === 'summary')) return <Navigate to={STEP_PATH.done} replace />;
  const missing = missingStep(flow, step);
  if (missing) return <Navigate to={STEP_PATH[missing]} replace />;
  return render(flow);
}

/** `/prenota?sportello=<id>`: start from a desk (its page, a poster): fill in province and office. */
function StartFromDesk({ deskId, day }: { deskId: string; day: string | null }) {
  const navigate = useNavigate();
  const [error, setError] = useState<AdminApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    read((init) => api.GET('/api/desks/{id}', { params: { path: { id: deskId } }, ...init }), controller.signal).then(
      (desk) => {
        updateFlow((s) => ({
          station: null,
          provinceCode: desk.office.provinceCode,
          officeId: desk.office.id,
          deskId: desk.id,
          day: day !== null && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
          ...(s.deskId === desk.id ? {} : { channel: null }),
        }));
        navigate(STEP_PATH.channel, { replace: true });
      },
      (e: AdminApiError) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [deskId, day, navigate, attempt]);
  if (error) return <ErrorView error={error} retry={() => { setError(null); setAttempt((n) => n + 1); }} />;
  return <Loading />;
}

/** `/prenota?postazione=<id>`: book at a municipal station (its desk, video, its hours). */
function StartFromStation({ stationId }: { stationId: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<AdminApiError | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    read((init) => api.GET('/api/stations', { ...init }), controller.signal)
      .then(async (list) => {
        const st = list.items.find((x) => x.id === stationId);
        if (!st) throw new AdminApiError(404, null, 'not_found');
        const desk = await read((init) => api.GET('/api/desks/{id}', { params: { path: { id: st.deskId } }, ...init }), controller.signal);
        updateFlow({ provinceCode: desk.office.provinceCode, officeId: desk.office.id, deskId: desk.id, channel: 'video', hold: null, station: { id: st.id, name: st.name, address: st.address } });
        navigate(STEP_PATH.slot, { replace: true });
      })
      .catch((e: AdminApiError) => {
        if (!controller.signal.aborted) setError(e);
      });
    return () => controller.abort();
  }, [stationId, navigate]);
  if (error) return <ErrorView error={error} retry={() => window.location.reload()} />;
  return <Loading />;
}

function ProvinceEntry() {
  const [params] = useSearchParams();
  const station = params.get('postazione');
  const desk = params.get('sportello');
  const province = params.get('provincia');
  const need = params.get('bisogno');
  useEffect(() => {
    if (need !== null) updateFlow({ need: need.slice(0, 80) });
  }, [need]);
  useEffect(() => {
    if (province && !desk) updateFlow((s) => (s.provinceCode === province.toUpperCase() ? {} : { provinceCode: province.toUpperCase(), officeId: null, deskId: null, channel: null }));
  }, [province, desk]);
  if (station) return <StartFromStation stationId={station} />;
  if (desk) return <StartFromDesk deskId={desk} day={params.get('giorno')} />;
  if (province) return <Navigate to={STEP_PATH.office} replace />;
  return <ProvinceStep />;
}

export default function BookingFlow() {
  return (
    <Routes>
      <Route index element={<ProvinceEntry />} />
      <Route path="sede" element={<Guard step="office" render={(f) => <OfficeStep provinceCode={f.provinceCode!} />} />} />
      <Route path="sportello" element={<Guard step="desk" render={(f) => <DeskStep officeId={f.officeId!} />} />} />
      <Route path="canale" element={<Guard step="channel" render={(f) => <ChannelStep deskId={f.deskId!} />} />} />
      <Route path="orario" element={<Guard step="slot" render={(f) => <SlotStep deskId={f.deskId!} channel={f.channel!} />} />} />
      <Route
        path="lista-attesa"
        element={<Guard step="slot" render={(f) => <WaitlistJoinStep deskId={f.deskId!} channel={f.channel!} />} />}
      />
      <Route path="dati" element={<Guard step="person" render={(f) => <PersonStep deskId={f.deskId!} />} />} />
      <Route path="riepilogo" element={<Guard step="summary" render={(f) => <SummaryStep deskId={f.deskId!} />} />} />
      <Route path="conferma" element={<DoneGuard />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}

function DoneGuard() {
  const flow = useFlow();
  if (!flow.result) return <Navigate to={STEP_PATH.province} replace />;
  return <DoneStep />;
}
