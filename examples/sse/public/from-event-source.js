// fromEventSource: Server-Sent Events as an RxJS Observable, for the browser (plain ES module, no bundler).
import { Observable } from 'rxjs';

/**
 * Opens an `EventSource` on `url` when subscribed and emits `{ type, data }` for each of the named events (`data`
 * parsed as JSON). Unsubscribing closes the connection. A connection the browser gave up on (`readyState` CLOSED,
 * e.g. a 4xx/5xx answer) is an error; while it is only reconnecting, nothing is emitted.
 *
 * @example
 * ```js
 * const subscription = fromEventSource('/api/videos/video_123/events', ['progress', 'completed'])
 *   .subscribe(({ type, data }) => console.log(type, data.progress));
 * subscription.unsubscribe(); // closes the EventSource
 * ```
 *
 * @param {string} url
 * @param {readonly string[]} eventNames
 * @returns {Observable<{ type: string, data: unknown }>}
 */
export function fromEventSource(url, eventNames) {
  return new Observable((subscriber) => {
    const source = new EventSource(url);
    const listeners = eventNames.map((type) => {
      /** @param {MessageEvent} event */
      const listener = (event) => {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        subscriber.next({ type, data });
      };
      source.addEventListener(type, listener);
      return [type, listener];
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) subscriber.error(new Error(`event stream ${url} closed`));
    };
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.onerror = null;
      source.close();
    };
  });
}
