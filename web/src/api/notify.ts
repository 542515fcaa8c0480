// Error and success toasts raised by the API layer. The app shell hands over antd's context-aware `message`
// (from <App>); before that the static one is used.
import { message as staticMessage } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';

let instance: MessageInstance = staticMessage;

export function setMessageInstance(next: MessageInstance): void {
  instance = next;
}

export function notifyError(text: string, key?: string): void {
  void instance.open({ type: 'error', content: text, key, duration: 4 });
}

export function notifySuccess(text: string): void {
  void instance.open({ type: 'success', content: text });
}
