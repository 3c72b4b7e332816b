import { createRouter, createWebHistory } from 'vue-router';
import type { UserDto } from '@wachtpost/contracts';
import { useSessionStore } from '@/features/auth/session.store';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** A BHV responder's page: mobile layout, no control-room shell. */
    responder?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
    { path: '/', name: 'control-room', component: () => import('@/features/control-room/ControlRoomPage.vue') },
    { path: '/quarantine', name: 'quarantine', component: () => import('@/features/quarantine/QuarantinePage.vue') },
    {
      path: '/respond/:alertId',
      name: 'respond',
      component: () => import('@/features/responder/ResponderPage.vue'),
      // No session needed: the signed link in the message (?token=) is enough.
      meta: { public: true, responder: true },
    },
    { path: '/my-alerts', name: 'my-alerts', component: () => import('@/features/responder/MyAlertsPage.vue'), meta: { responder: true } },
    { path: '/devices', name: 'devices', component: () => import('@/features/devices/DevicesPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

/** Roles that work in the control room; anyone else with the bhv role gets the responder pages. */
const CONSOLE_ROLES = ['guard', 'facilities', 'manager', 'admin'];
export function isResponderOnly(user: UserDto | null): boolean {
  return !!user && user.roles.includes('bhv') && !user.roles.some((r) => CONSOLE_ROLES.includes(r));
}

router.beforeEach((to) => {
  const session = useSessionStore();
  if (!to.meta.public && !session.isAuthenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  const home = isResponderOnly(session.user) ? '/my-alerts' : '/';
  if (to.name === 'login' && session.isAuthenticated) return { path: home };
  // A BHV member lands on their alerts; the control room stays the guard's.
  if (session.isAuthenticated && !to.meta.public && !to.meta.responder && isResponderOnly(session.user)) return { path: '/my-alerts' };
  return true;
});
