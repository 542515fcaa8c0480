// Providers: antd (zh_CN), antd App (context-aware message/modal), TanStack Query, the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { setMessageInstance } from '../api/notify';
import { queryClient } from './query-client';
import { createAppRouter } from './router';

function MessageBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => setMessageInstance(message), [message]);
  return null;
}

export function StewardApp() {
  const [router] = useState(createAppRouter);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1d4f91', borderRadius: 6 } }}>
      <AntApp>
        <MessageBridge />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} future={{ v7_startTransition: true }} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
