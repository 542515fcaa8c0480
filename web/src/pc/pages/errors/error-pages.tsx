import { Button, Result } from 'antd';
import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router-dom';

function HomeButton() {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      返回首页
    </Button>
  );
}

export function ForbiddenPage() {
  return <Result status="403" title="403" subTitle="抱歉，您没有访问此页面的权限。如需开通，请联系系统管理员。" extra={<HomeButton />} />;
}

export function NotFoundPage() {
  return <Result status="404" title="404" subTitle="抱歉，您访问的页面不存在。" extra={<HomeButton />} />;
}

/** Route-level failures, e.g. a page chunk that no longer exists after a deployment. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <Result
      status="error"
      title="页面加载失败"
      subTitle="系统可能刚刚升级，请刷新页面后重试。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
