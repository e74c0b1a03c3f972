/** Help text and error message under a form control (ids from describedBy). */
export function FieldMessages(props: { help?: string; helpId?: string; error?: string; errorId?: string }) {
  return (
    <>
      {props.error && (
        <div id={props.errorId} className="invalid-feedback d-block">
          {props.error}
        </div>
      )}
      {props.help && (
        <small id={props.helpId} className="form-text">
          {props.help}
        </small>
      )}
    </>
  );
}
