import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '@/features/auth/session.store';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
    { path: '/', name: 'control-room', component: () => import('@/features/control-room/ControlRoomPage.vue') },
    { path: '/quarantine', name: 'quarantine', component: () => import('@/features/quarantine/QuarantinePage.vue') },
    { path: '/devices', name: 'devices', component: () => import('@/features/devices/DevicesPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  const session = useSessionStore();
  if (!to.meta.public && !session.isAuthenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (to.name === 'login' && session.isAuthenticated) return { path: '/' };
  return true;
});
