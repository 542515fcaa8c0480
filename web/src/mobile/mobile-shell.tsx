// The phone (H5) shell: no side menu, a top bar with the title and 返回, pages made for 375-px screens.
// Sign-in works as on the PC: the shell loads /api/me, and a 401 sends the user to /login?redirect=<this page>
// (the API layer does that for both faces); a forced password change goes to the password page.
import { LeftOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { MeContext, useMeQuery } from '../pc/me';
import './mobile.css';

export function MobileShell() {
  const meQuery = useMeQuery();
  const location = useLocation();
  if (meQuery.isPending) {
    return (
      <div className="m-app" style={{ alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (meQuery.isError) {
    return (
      <div className="m-app">
        <Result
          status="warning"
          title="无法加载当前用户信息"
          subTitle={meQuery.error.message}
          extra={
            <Button type="primary" onClick={() => void meQuery.refetch()}>
              重试
            </Button>
          }
        />
      </div>
    );
  }
  const me = meQuery.data;
  if (me.mustChangePassword || me.passwordExpired) {
    return <Navigate to="/profile/password" replace state={{ from: location.pathname }} />;
  }
  return (
    <MeContext.Provider value={me}>
      <div className="m-app">
        <Outlet />
      </div>
    </MeContext.Provider>
  );
}

export interface MobileTopBarProps {
  title: ReactNode;
  /** where 返回 goes when there is no page to go back to; no 返回 button when undefined */
  back?: string;
  /** right side (e.g. 电脑版) */
  end?: ReactNode;
}

export function MobileTopBar({ title, back, end }: MobileTopBarProps) {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <header className="m-topbar">
      <div className="m-topbar-side">
        {back !== undefined && (
          <Button
            type="text"
            icon={<LeftOutlined />}
            aria-label="返回"
            onClick={() => (location.key !== 'default' ? navigate(-1) : navigate(back, { replace: true }))}
          >
            返回
          </Button>
        )}
      </div>
      <div className="m-topbar-title">{title}</div>
      <div className="m-topbar-side m-topbar-side--end">{end}</div>
    </header>
  );
}
