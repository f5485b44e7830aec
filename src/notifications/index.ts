/** What the notifications capability offers the others (the only way in: .dependency-cruiser.cjs). */
export { enqueueNotification } from './queue.js';
export { bookingMessages, channelState } from './outbox.js';
export { bookingMessage } from './routes.schema.js';
export type { ChannelAdapter } from './channels/channel.js';
export type { NotificationKind } from './kinds.js';
