/**
 * A server-side validation message under its field. Pair it with the
 * field's `aria-describedby={fieldErrorId(name)}` and `aria-invalid`.
 */
export function FieldError(props: { name: string; errors?: Record<string, string> | null }) {
  const message = props.errors?.[props.name];
  if (!message) return null;
  return (
    <span id={fieldErrorId(props.name)} className="form-error">
      {message}
    </span>
  );
}

export const fieldErrorId = (name: string) => `${name}-error`;

/** The accessibility attributes of a field that may have a server-side error. */
export function fieldErrorProps(name: string, errors?: Record<string, string> | null) {
  return errors?.[name]
    ? { 'aria-invalid': true as const, 'aria-describedby': fieldErrorId(name) }
    : {};
}
