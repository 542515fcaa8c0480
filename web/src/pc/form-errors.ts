// Server-side field errors ({details: [{field, message}]}) shown on the form fields they belong to.
import type { FormInstance } from 'antd';
import { detailFieldName, isApiError, type ApiError } from '../api/errors';

export function applyFieldErrors<T>(form: FormInstance<T>, error: ApiError): boolean {
  if (error.details.length === 0) return false;
  const fields = error.details.map((d) => ({ name: detailFieldName(d.field), errors: [d.message] }));
  form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  return true;
}

/**
 * Runs a save for a ModalForm's onFinish: true closes the form; on a server error the field messages are put on
 * the form and it stays open (the toast has already been shown by the API layer).
 */
export async function saveForm<T>(form: FormInstance<T>, save: () => Promise<unknown>): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (isApiError(error)) {
      applyFieldErrors(form, error);
      return false;
    }
    throw error;
  }
}
