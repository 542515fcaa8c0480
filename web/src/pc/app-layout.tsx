// The admin shell: ProLayout (mix) with the menus the server sends in /api/me, and the user menu in the header.
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Button, Dropdown, Result, Spin, Tag, Typography, type MenuProps } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, attempt, unwrap } from '../api/client';
import { setCsrfToken } from '../api/session';
import { MeContext, firstMenuPath, useCurrentUser, useMeQuery, type Me, type MenuNode } from './me';
import { NotificationBell } from './components/notification-bell';
import { menuIcon } from './menu-icons';

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" tip="加载中…">
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}

function toMenuData(menu: MenuNode): MenuDataItem {
  return {
    key: menu.key,
    path: menu.path,
    name: menu.name,
    icon: menuIcon(menu.icon),
    children: menu.children?.length ? menu.children.map(toMenuData) : undefined,
  };
}

/** Ends the session; the login page drops the cached data when it mounts (clearing here would refetch /api/me). */
export async function logout(): Promise<void> {
  await attempt(() => unwrap(api.POST('/api/auth/logout', { silent: true })));
  setCsrfToken(null);
}

function Shell({ me }: { me: Me }) {
  const location = useLocation();
  const navigate = useNavigate();
  const menus = (me.menus as MenuNode[]).map(toMenuData);

  const userMenu: MenuProps = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: '个人中心' },
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'profile') navigate('/profile');
      else if (key === 'password') navigate('/profile/password');
      else if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
    },
  };

  return (
    <ProLayout
      layout="mix"
      title="Steward 机关事务"
      logo={<img src="/favicon.svg" alt="" />}
      location={{ pathname: location.pathname }}
      route={{ path: '/', children: menus }}
      menu={{ locale: false }}
      fixSiderbar
      fixedHeader
      siderWidth={220}
      breakpoint="lg"
      onMenuHeaderClick={() => navigate('/')}
      menuItemRender={(item, dom) => (item.path && !item.isUrl ? <Link to={item.path}>{dom}</Link> : dom)}
      actionsRender={() => [
        ...(me.demo ? [<Tag key="demo" color="orange">演示环境</Tag>] : []),
        <NotificationBell key="bell" />,
      ]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: (
          <span>
            {me.user.displayName}
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }} className="steward-unit-name">
              {me.user.unitName}
            </Typography.Text>
          </span>
        ),
        render: (_props, dom) => <Dropdown menu={userMenu}>{dom}</Dropdown>,
      }}
      footerRender={false}
    >
      <Outlet />
    </ProLayout>
  );
}

export function AppLayout() {
  const meQuery = useMeQuery();
  const location = useLocation();
  if (meQuery.isPending) return <FullPageSpin />;
  if (meQuery.isError) {
    // a 401 has already sent the user to /login; anything else gets a retry
    return (
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
    );
  }
  const me = meQuery.data;
  if ((me.mustChangePassword || me.passwordExpired) && location.pathname !== '/profile/password') {
    return <Navigate to="/profile/password" replace />;
  }
  return (
    <MeContext.Provider value={me}>
      <Shell me={me} />
    </MeContext.Provider>
  );
}

/** "/" goes to the first page of the user's menu. */
export function HomeRedirect() {
  const me = useCurrentUser();
  return <Navigate to={firstMenuPath(me.menus as MenuNode[]) ?? '/profile'} replace />;
}
