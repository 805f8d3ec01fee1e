// The screens, and who may open them. A later capability adds its screens here with the roles
// that use them (README "Adding a screen").
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { whenSessionEnds } from './lib/api'
import { hasRole, loadMe, rememberedMe, session, type Grant } from './lib/session'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    roles?: Grant['role'][]
  }
}

const caseworkers: Grant['role'][] = ['caseworker', 'admin']
const readers: Grant['role'][] = ['caseworker', 'admin', 'inspector']
// Wage disputes: officers and mediators work them, inspectors read them.
const disputeReaders: Grant['role'][] = ['arbitrator', 'admin', 'caseworker', 'inspector']
const disputeFilers: Grant['role'][] = ['arbitrator', 'admin', 'caseworker']
// Findings: inspectors open and decide them, the responsible side (caseworkers, officers) answers.
const findingReaders: Grant['role'][] = ['inspector', 'admin', 'caseworker', 'arbitrator']

const routes: RouteRecordRaw[] = [
  { path: '/signin', name: 'signin', component: () => import('./views/SignIn.vue'), meta: { public: true } },
  { path: '/password', name: 'password', component: () => import('./views/ChangePassword.vue') },
  { path: '/', name: 'home', component: () => import('./views/Home.vue') },
  { path: '/households', name: 'households', component: () => import('./views/Households.vue'), meta: { roles: readers } },
  { path: '/households/new', name: 'household-new', component: () => import('./views/HouseholdNew.vue'), meta: { roles: caseworkers } },
  { path: '/households/:id', name: 'household', component: () => import('./views/HouseholdDetail.vue'), meta: { roles: readers } },
  { path: '/households/:id/visit', name: 'visit', component: () => import('./views/VisitForm.vue'), meta: { roles: caseworkers } },
  { path: '/history/:kind/:id', name: 'history', component: () => import('./views/History.vue'), meta: { roles: disputeReaders } },
  { path: '/board/:region?', name: 'board', component: () => import('./views/Board.vue'), meta: { roles: readers } },
  { path: '/labour/:region?', name: 'labour', component: () => import('./views/LabourStats.vue'), meta: { roles: readers } },
  { path: '/households/:id/placement', name: 'placement', component: () => import('./views/PlacementForm.vue'), meta: { roles: caseworkers } },
  { path: '/employers', name: 'employers', component: () => import('./views/Employers.vue'), meta: { roles: readers } },
  { path: '/employers/:id', name: 'employer', component: () => import('./views/EmployerDetail.vue'), meta: { roles: readers } },
  { path: '/postings', name: 'postings', component: () => import('./views/Postings.vue'), meta: { roles: readers } },
  { path: '/postings/new', name: 'posting-new', component: () => import('./views/PostingNew.vue'), meta: { roles: caseworkers } },
  { path: '/postings/:id', name: 'posting', component: () => import('./views/PostingDetail.vue'), meta: { roles: readers } },
  { path: '/employment/:region?', name: 'employment', component: () => import('./views/EmploymentReport.vue'), meta: { roles: readers } },
  { path: '/disputes', name: 'disputes', component: () => import('./views/Disputes.vue'), meta: { roles: disputeReaders } },
  { path: '/disputes/new', name: 'dispute-new', component: () => import('./views/DisputeNew.vue'), meta: { roles: disputeFilers } },
  { path: '/disputes/:id', name: 'dispute', component: () => import('./views/DisputeDetail.vue'), meta: { roles: disputeReaders } },
  { path: '/dispute-report/:region?', name: 'dispute-report', component: () => import('./views/DisputeReport.vue'), meta: { roles: disputeReaders } },
  { path: '/import', name: 'import', component: () => import('./views/LedgerImport.vue'), meta: { roles: caseworkers } },
  { path: '/outbox', name: 'outbox', component: () => import('./views/OutboxView.vue') },
  { path: '/admin/regions', name: 'regions', component: () => import('./views/Regions.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/admin/calendar', name: 'calendar', component: () => import('./views/HolidayCalendar.vue'), meta: { roles: ['admin', 'arbitrator', 'inspector'] } },
  { path: '/findings', name: 'findings', component: () => import('./views/Findings.vue'), meta: { roles: findingReaders } },
  { path: '/findings/:id', name: 'finding', component: () => import('./views/FindingDetail.vue'), meta: { roles: findingReaders } },
  { path: '/inspections', name: 'inspections', component: () => import('./views/Inspections.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/inspections/:id', name: 'inspection', component: () => import('./views/InspectionDetail.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/audit/activity', name: 'activity', component: () => import('./views/Activity.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/admin/users', name: 'users', component: () => import('./views/Users.vue'), meta: { roles: ['admin', 'inspector'] } },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

// Where to go after signing in or changing the password: back where the user was going, if that
// is a path of this application (never another site).
export function returnTarget(redirect: unknown): string {
  return typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/'
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.me) {
    const remembered = rememberedMe()
    if (remembered) {
      session.me = remembered
      loadMe().catch(() => {}) // an ended session signs out through whenSessionEnds
    } else {
      try {
        await loadMe()
      } catch {
        // offline with a token: let the screen show its cached data
        if (localStorage.getItem('xingfuli.token')) return true
      }
    }
  }
  if (!session.me) return { name: 'signin', query: { redirect: to.fullPath } }
  if (session.me.must_change_password && to.name !== 'password') {
    return { name: 'password', query: { redirect: to.fullPath } }
  }
  if (to.meta.roles && !hasRole(session.me, ...to.meta.roles)) return { name: 'home' }
  return true
})

// A session that ended mid-work: sign in again, then back to the same screen.
whenSessionEnds(() => {
  session.me = null
  const here = router.currentRoute.value
  if (here.name !== 'signin') {
    void router.push({ name: 'signin', query: { redirect: here.fullPath, expired: '1' } })
  }
})
