import { useEffect } from 'preact/hooks';
import { invokeHub, listenTo, onConnected, onHubMessage } from '../notifications/live';
import type { AnalyticsMessage } from './api';

listenTo('analytics');

/**
 * Watches a bootcamp's analytics (`WatchAnalytics`) while the page is open, again after every reconnect, and calls
 * `onChange` for each `analytics` message of that bootcamp. `onError` hears a refusal in words.
 */
export function useAnalyticsWatch(bootcampId: string, onChange: (message: AnalyticsMessage) => void, onError: (message: string) => void): void {
  useEffect(() => {
    let open = true;
    const watch = () =>
      invokeHub('WatchAnalytics', bootcampId).catch((error: unknown) => {
        if (open) onError(error instanceof Error ? error.message.replace(/^.*HubException: /, '') : 'Live updates are not available right now.');
      });
    void watch();
    const offConnected = onConnected(() => void watch());
    const offMessage = onHubMessage(({ method, payload }) => {
      const message = payload as AnalyticsMessage;
      if (method === 'analytics' && message?.bootcampId === bootcampId) onChange(message);
    });
    return () => {
      open = false;
      offConnected();
      offMessage();
    };
  }, [bootcampId]);
}
