/** What other capabilities use of the calls capability (the reception line's incoming calls). */
export { incomingCallDuration, listIncomingCalls, takeIncomingCall, type IncomingCallView } from './incoming-calls.js';
/** The console's live events (one bus per server, shared with the URP dashboard's stream). */
export { CallBus, type LiveEvent } from './bus.js';
