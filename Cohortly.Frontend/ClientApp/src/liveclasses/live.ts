import { useEffect } from 'preact/hooks';
import { invokeHub, listenTo, onConnected, onHubMessage } from '../notifications/live';
import type { SessionPresenceMessage } from './api';

listenTo('sessionPresence');
listenTo('sessionCheckin');

/**
 * Holds a seat in the class's live room while the page is open (`JoinSessionRoom`), again after every reconnect (a new
 * connection is a new visit), and leaves on close. `onChange` hears every arrival, departure and check-in of the room.
 */
export function useSessionRoom(sessionId: string, enabled: boolean, onChange: (message: SessionPresenceMessage | null) => void, onError: (message: string) => void): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let open = true;
    const join = () =>
      invokeHub('JoinSessionRoom', sessionId)
        .then(() => open && onChange(null))
        .catch((error: unknown) => {
          if (open) onError(error instanceof Error ? error.message.replace(/^.*HubException: /, '') : 'The live room is not available right now.');
        });
    void join();
    const offConnected = onConnected(() => void join());
    const offMessage = onHubMessage(({ method, payload }) => {
      const message = payload as SessionPresenceMessage;
      if (message?.sessionId !== sessionId) return;
      if (method === 'sessionPresence') onChange(message);
      else if (method === 'sessionCheckin') onChange(null);
    });
    return () => {
      open = false;
      offConnected();
      offMessage();
      void invokeHub('LeaveSessionRoom', sessionId).catch(() => undefined);
    };
  }, [sessionId, enabled]);
}
