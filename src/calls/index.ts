/** What other capabilities use of the calls capability (the reception line's incoming calls). */
export { incomingCallDuration, listIncomingCalls, takeIncomingCall, type IncomingCallView } from './incoming-calls.js';
