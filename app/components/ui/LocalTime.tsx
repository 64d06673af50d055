import { useEffect, useState } from 'react';

const STYLES = {
  date: { dateStyle: 'medium' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'medium' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A date in the given locale (undefined: the runtime's own), with `Intl`. */
export function formatDate(
  value: string | number | Date,
  style: keyof typeof STYLES = 'datetime',
  locale?: string,
): string {
  return new Intl.DateTimeFormat(locale, STYLES[style]).format(new Date(value));
}

/**
 * A date in the reader's own locale and time zone. The server does not know
 * them, so it renders an unambiguous UTC form and the browser replaces it
 * after hydration (no hydration mismatch, no US-style dates for everyone).
 */
export function LocalTime(props: { value: string | number | Date; style?: keyof typeof STYLES }) {
  const date = new Date(props.value);
  const [text, setText] = useState(() =>
    formatDate(date, props.style ?? 'datetime', 'en-GB').concat(
      props.style === 'date' ? '' : ' UTC',
    ),
  );
  const iso = date.toISOString();
  useEffect(() => setText(formatDate(iso, props.style ?? 'datetime')), [iso, props.style]);
  return <time dateTime={iso}>{text}</time>;
}
