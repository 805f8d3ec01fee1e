// The web application end to end, as its users work: Debian's Chromium (playwright-core, no
// browser download) against a real `xingfuli serve` on a fresh data directory. Screenshots of
// each main screen go to test-results/.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { call, signIn, startServer } from './server.mjs'

const shots = new URL('../../test-results/', import.meta.url).pathname
mkdirSync(shots, { recursive: true })
const kPassword = 'admin-own-password-1'
const kVillage = '530502001002' // 兰城街道 王官社区, 隆阳区
const kMembers = [
  { name: '张三', id: '530502198001010017' },
  { name: '李四', id: '530502198503150028' },
]

let server
let browser
let adminToken
let householdId

async function newPage(context) {
  const page = await context.newPage()
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`))
  return page
}

// Signs in through the sign-in page; a password someone else set is changed on the way.
async function signInThroughPage(page, username, password, newPassword) {
  await page.fill('#signin-username', username)
  await page.fill('#signin-password', password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  if (newPassword) {
    await page.waitForURL(/\/password/)
    await page.getByText('您的密码由他人设置').waitFor()
    await page.fill('#pw-current', password)
    await page.fill('#pw-next', newPassword)
    await page.fill('#pw-repeat', newPassword)
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/password'))
  }
}

async function recordVisit(page, statuses) {
  await page.goto(`${server.base}/households/${householdId}/visit`)
  const cards = page.locator('.member-card')
  await cards.first().waitFor()
  for (const [i, status] of statuses.entries()) {
    await cards.nth(i).locator('label.el-radio-button', { hasText: status }).click()
  }
  await page.getByRole('button', { name: '记录走访' }).click()
}

async function visitCount() {
  const history = await call(server.base, 'GET', `/households/${householdId}/history`, undefined, adminToken)
  return history.body.events.filter((e) => e.type.includes('visit')).length
}

// Escape closes the region picker's dropdown, but may land while it is still opening: press
// again until none shows, so nothing later (an accessibility check, a click) meets it open.
async function closeRegionPicker(page) {
  const open = page.locator('.el-cascader__dropdown:visible')
  for (let attempt = 0; attempt < 3 && (await open.count()) > 0; attempt++) {
    await page.keyboard.press('Escape')
    await open.first().waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {})
  }
  assert.equal(await open.count(), 0, 'the region picker stays open')
}

async function labelProblems(page) {
  const result = await new AxeBuilder({ page }).withRules(['label', 'select-name', 'button-name']).analyze()
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

before(async () => {
  server = await startServer()
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the web application', () => {
  let context
  let page
  before(async () => {
    context = await browser.newContext({ locale: 'zh-CN' })
    page = await newPage(context)
  })
  after(() => context.close())

  it('signs in, and a password set by someone else must be changed first', async () => {
    await page.goto(`${server.base}/households`)
    await page.waitForURL(/\/signin\?redirect=/)
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}signin.png` })
    await page.fill('#signin-username', 'admin')
    await page.fill('#signin-password', 'wrong-password')
    await page.getByRole('button', { name: '登录' }).click()
    await page.locator('.el-alert--error').waitFor()
    await signInThroughPage(page, 'admin', server.initialPassword, kPassword)
    assert.match(page.url(), /\/households$/) // back where the user was going
    adminToken = await signIn(server.base, 'admin', kPassword)
  })

  it('registers a household, adds two members, and a visit flags it', async () => {
    await page.goto(`${server.base}/households/new?region=${kVillage}`)
    await page.fill('#new-household-address', '王官社区3组12号')
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL((url) => /^\/households\/h[0-9a-f]+$/.test(url.pathname))
    householdId = new URL(page.url()).pathname.split('/').pop()
    for (const member of kMembers) {
      await page.getByRole('button', { name: '添加成员' }).click()
      await page.fill('#member-name', member.name)
      await page.fill('#member-resident-id', member.id.slice(0, 17) + (member.id[17] === '7' ? '8' : '7'))
      await page.getByText('校验码不正确').waitFor() // checked as typed
      await page.fill('#member-resident-id', member.id)
      assert.deepEqual(await labelProblems(page), [])
      await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click()
      await page.locator('.el-table').getByText(member.name).waitFor()
    }
    await page.locator('.el-overlay').first().waitFor({ state: 'hidden' })
    assert.equal(await page.locator('.el-table').getByText('未摸排').count(), 2) // no visit yet
    await page.screenshot({ path: `${shots}household.png`, fullPage: true })
    // A detail changes: 李四's phone and skill level (identity fields are not offered).
    await page.locator('.el-table__row', { hasText: '李四' }).getByRole('button', { name: '修改成员信息' }).click()
    assert.equal(await page.locator('#member-resident-id').count(), 0)
    await page.fill('#member-phone', '13912345678')
    await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click()
    await page.locator('.el-dialog').first().waitFor({ state: 'hidden' })
    const detail = await call(server.base, 'GET', `/households/${householdId}`, undefined, adminToken)
    assert.equal(detail.body.members.find((m) => m.name === '李四').phone, undefined) // never shown: masked data stay masked
    const history = await call(server.base, 'GET', `/households/${householdId}/history`, undefined, adminToken)
    assert.ok(history.body.events.some((e) => e.type === 'household.member_updated'))
    // Found again by its village.
    await page.goto(`${server.base}/households`)
    await page.locator('.el-cascader').click()
    for (const name of ['隆阳区', '兰城街道']) await page.locator('.el-cascader-node:visible', { hasText: name }).click()
    await page.locator('.el-cascader-node:visible', { hasText: '王官社区居民委员会' }).locator('.el-radio').click()
    await closeRegionPicker(page)
    await page.getByRole('button', { name: '查询' }).last().click()
    await page.getByRole('link', { name: '王官社区3组12号' }).waitFor()
    await recordVisit(page, ['未就业', '未就业'])
    await page.waitForURL(new RegExp(`/households/${householdId}$`))
    await page.getByText('零就业家庭 · 认定日期').waitFor()
    const casework = page.locator('[data-testid=casework]')
    await casework.getByText('认定为零就业家庭').waitFor()
    await casework.getByText('入户摸排（2 人）').waitFor()
    // A plan, then an action under it (sent through the outbox).
    await page.getByRole('button', { name: '制定帮扶计划' }).click()
    await page.locator('.el-dialog:visible .el-select').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '岗位推荐' }).click()
    await page.keyboard.press('Escape')
    await page.locator('.el-dialog:visible').getByRole('button', { name: '保存' }).click()
    await casework.getByText('制定帮扶计划：岗位推荐').waitFor()
    await page.getByRole('button', { name: '记录帮扶措施' }).click()
    await page.fill('#action-outcome', '推荐到县城物流园面试')
    await page.locator('.el-dialog:visible').getByRole('button', { name: '保存' }).click()
    await casework.getByText('岗位推荐：推荐到县城物流园面试').waitFor()
    // The plan as a record of its own, with the action under it.
    await page.locator('[data-testid^=plan-]', { hasText: '推荐到县城物流园面试' }).waitFor()
    await page.screenshot({ path: `${shots}casework.png`, fullPage: true })
  })

  it('shows it on the board, and a visit that finds work clears it', async () => {
    await page.goto(`${server.base}/board/530502000000`)
    await page.locator('[data-testid=board-open]', { hasText: '1' }).waitFor()
    await page.locator('canvas').first().waitFor()
    // By business date: nothing was true yesterday (the survey is dated today).
    const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10)
    await page.fill('#board-valid-on', yesterday)
    await page.keyboard.press('Enter')
    await page.locator('[data-testid=board-open]', { hasText: '0' }).waitFor()
    await page.locator('#board-valid-on').clear()
    await page.keyboard.press('Enter')
    await page.locator('[data-testid=board-open]', { hasText: '1' }).waitFor()
    await page.screenshot({ path: `${shots}board.png`, fullPage: true })
    // Down a level: the township, then its village.
    await page.getByRole('button', { name: '兰城街道 1' }).click()
    await page.waitForURL(/\/board\/530502001000$/)
    await page.getByRole('button', { name: /^王官社区居民委员会 1$/ }).click()
    await page.waitForURL(new RegExp(`/board/${kVillage}$`))
    await page.locator('[data-testid=board-open]', { hasText: '1' }).waitFor()
    // Listed by address and head of household, the head's ID masked.
    const row = page.locator('.el-table__row', { hasText: '王官社区3组12号' })
    await row.getByText(kMembers[0].name).waitFor()
    assert.match(await row.innerText(), /\d{4}\*{10}\d{3}[\dX]/)
    await page.screenshot({ path: `${shots}board-village.png`, fullPage: true })
    await recordVisit(page, ['本地就业', '未就业'])
    await page.waitForURL(new RegExp(`/households/${householdId}$`))
    await page.getByText('非零就业家庭').waitFor()
    await page.goto(`${server.base}/board/530502000000`)
    await page.locator('[data-testid=board-cleared]', { hasText: '1' }).waitFor()
  })

  it('shows the history and the record as of a date', async () => {
    await page.goto(`${server.base}/history/household/${householdId}`)
    await page.locator('.el-timeline-item').nth(4).waitFor()
    await page.fill('#history-as-of', '2026-01-01')
    await page.keyboard.press('Enter')
    // It did not exist yet: said under the date, not a blank page.
    await page.locator('.el-form-item__error', { hasText: 'did not exist' }).waitFor()
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
    await page.fill('#history-as-of', today)
    await page.keyboard.press('Enter')
    await page.locator('[data-testid=as-of-record]', { hasText: '王官社区3组12号' }).waitFor()
    // Each event shows what it changed, field by field: the registration sets the address.
    await page.locator('[data-testid=changes]', { hasText: 'address' }).first().waitFor()
    await page.locator('[data-testid=changes] .after', { hasText: '王官社区3组12号' }).first().waitFor()
    // Two dates compared (everything here was recorded today: the same day twice, no difference).
    await page.fill('#history-compare-to', today)
    await page.keyboard.press('Enter')
    await page.locator('[data-testid=comparison]', { hasText: '没有变化' }).waitFor()
    await page.screenshot({ path: `${shots}history.png`, fullPage: true })
  })

  it('takes the log\'s digest and proves it with a check of the whole log', async () => {
    await page.goto(`${server.base}/audit`)
    await page.getByTestId('take-digest').click()
    const line = await page.locator('#digest-line').inputValue()
    assert.match(line, /^xfl-digest\/2 \d+ \d+ \S+ [0-9a-f]{64}$/)
    await page.locator('#since-digest').fill(line)
    await page.getByTestId('start-check').click()
    await page.getByText('未发现篡改').waitFor()
    await page.getByText('摘要 1 个').waitFor()
    await page.screenshot({ path: `${shots}audit.png`, fullPage: true })
    // A malformed digest is refused under its field.
    await page.locator('#since-digest').fill('xfl-digest/1 12')
    await page.getByTestId('start-check').click()
    await page.locator('.el-form-item__error', { hasText: 'since_digest' }).waitFor()

    // The household's proof in that digest, from its history page, checked without the server.
    await page.goto(`${server.base}/history/household/${householdId}`)
    await page.getByTestId('export-proof-link').click()
    await page.waitForURL((url) => url.pathname === '/audit' && url.searchParams.get('stream') === `household-${householdId}`)
    await page.getByTestId('export-proof').click()
    await page.locator('.el-form-item__error', { hasText: 'reason' }).waitFor()
    await page.locator('#proof-digest').fill(line)
    await page.locator('#proof-reason').fill('督导检查附件')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-proof').click()])
    assert.equal(download.suggestedFilename(), `household-${householdId}.proof.json`)
    const file = `${shots}household.proof.json`
    await download.saveAs(file)
    const checked = execFileSync('python3', [new URL('../../../../ops/check-record-proof.py', import.meta.url).pathname, file, line])
    assert.match(checked.toString(), new RegExp(`^ok: household-${householdId}`))
    await page.getByTestId('proved').waitFor()
    await page.screenshot({ path: `${shots}proof.png`, fullPage: true })
  })

  it('charts the labour force and downloads it as CSV', async () => {
    await page.goto(`${server.base}/labour/530502000000`)
    await page.locator('canvas').nth(5).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()])
    assert.match(download.suggestedFilename(), /^labour-force-530502000000-.*\.csv$/)
    const csv = await (await download.createReadStream()).toArray()
    assert.ok(Buffer.concat(csv).length > 20)
    await page.screenshot({ path: `${shots}labour.png`, fullPage: true })
  })

  it('registers an employer, opens a posting, places a member from the household page', async () => {
    await page.goto(`${server.base}/employers`)
    await page.getByRole('button', { name: '登记用工主体' }).click()
    const dialog = page.locator('.el-dialog:visible')
    await page.fill('#employer-code', '91350100M000100Y44') // a wrong check character
    await page.fill('#employer-name', '保山市隆阳区小粒咖啡专业合作社')
    await page.fill('#employer-industry', 'A01')
    assert.deepEqual(await labelProblems(page), [])
    await dialog.locator('.el-cascader').click()
    await page.locator('.el-cascader-node:visible', { hasText: '隆阳区' }).locator('.el-radio').click()
    await closeRegionPicker(page)
    await page.fill('#employer-address', '兰城街道正阳南路8号')
    await page.fill('#employer-contact', '李红')
    await page.fill('#employer-phone', '13800001111')
    await dialog.getByRole('button', { name: '保存' }).click()
    await dialog.locator('.el-form-item__error', { hasText: 'check character' }).waitFor()
    await page.fill('#employer-code', '91350100M000100Y43')
    await dialog.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/\/employers\/91350100M000100Y43$/)
    await page.getByRole('button', { name: '发布岗位' }).click()
    await page.waitForURL(/\/postings\/new/)
    await page.fill('#posting-title', '咖啡采摘工')
    await page.fill('#posting-wage', '120')
    // Its work began a week ago.
    await page.fill('#posting-start', new Date(Date.now() + 8 * 3600e3 - 7 * 86400e3).toISOString().slice(0, 10))
    await page.keyboard.press('Tab')
    const ends = new Date(Date.now() + 8 * 3600e3 + 60 * 86400e3).toISOString().slice(0, 10)
    await page.fill('#posting-end', ends)
    await page.keyboard.press('Tab')
    assert.deepEqual(await labelProblems(page), [])
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/\/postings\/po[0-9a-f]+$/)
    await page.getByText('0 / 1').waitFor()
    // 李四 is out of work: placed into the posting from the household's page.
    await page.goto(`${server.base}/households/${householdId}`)
    await page.locator('.el-table__row', { hasText: '李四' }).getByRole('button', { name: '安排就业' }).click()
    await page.waitForURL(/\/placement\?person=/)
    await page.locator('#placement-posting').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '咖啡采摘工' }).click()
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}placement.png`, fullPage: true })
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(new RegExp(`/households/${householdId}$`))
    await page.locator('.el-table__row', { hasText: '岗位招用' }).getByText('在岗').waitFor()
    await page.goto(`${server.base}/postings`)
    await page.locator('.el-table').getByText(/暂无数据/).waitFor() // filled: no longer open
    await page.getByText('只看在招').click()
    await page.locator('.el-table__row', { hasText: '已招满' }).getByRole('link', { name: '咖啡采摘工' }).waitFor()
    await page.screenshot({ path: `${shots}postings.png`, fullPage: true })
    // By business dates, the day before 李四 started there the seat was still free.
    const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10)
    await page.fill('#postings-valid-on', yesterday)
    await page.keyboard.press('Enter')
    await page.locator('.el-table__row', { hasText: '咖啡采摘工' }).getByText('0 / 1').waitFor()
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}postings-valid-on.png`, fullPage: true })
    await page.goto(`${server.base}/employment/530502000000`)
    await page.locator('canvas').first().waitFor()
    await page.screenshot({ path: `${shots}employment-report.png`, fullPage: true })
    // An employer closed ten days ago: trading on the business day before, closed from that day.
    const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)
    const closedCode = '91530502MA6K5XWJ3L'
    const registered = await call(server.base, 'POST', '/employers', {
      credit_code: closedCode, name: '保山某某停业公司', kind: 'company', industry: 'A01', region: '530502001',
      address: '兰城街道', contact_name: '李红', contact_phone: '13800001111',
    }, adminToken)
    assert.equal(registered.status, 201)
    assert.equal((await call(server.base, 'POST', `/employers/${closedCode}/close`, { date: day(-10), reason: '停业' }, adminToken)).status, 200)
    await page.goto(`${server.base}/employers`)
    const row = page.locator('.el-table__row', { hasText: '停业公司' })
    await row.getByText('已停业').waitFor()
    await page.fill('#employers-valid-on', day(-11))
    await page.keyboard.press('Enter')
    await row.getByText('经营中').waitFor()
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}employers-valid-on.png`, fullPage: true })
  })

  it('files a wage dispute, takes it from mediation to arbitration, and shows its deadlines', async () => {
    const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)
    // A placement with an employer opens the form filled in from it: 李四 picking coffee.
    await page.goto(`${server.base}/households/${householdId}`)
    await page.locator('.el-table__row', { hasText: '岗位招用' }).getByRole('button', { name: '欠薪维权' }).click()
    await page.waitForURL(/\/disputes\/new\?placement_id=/)
    await page.getByTestId('dispute-claimant-picked').getByText(`${kMembers[1].name}（5305`).waitFor()
    await page.waitForFunction(() => document.querySelector('#dispute-respondent')?.value === '保山市隆阳区小粒咖啡专业合作社')
    assert.match(await page.inputValue('#dispute-facts'), /在保山市隆阳区小粒咖啡专业合作社从事.+，工资未结清/)
    assert.equal(await page.getByPlaceholder('欠薪起始').inputValue(), day(0))
    await page.locator('.el-checkbox.is-checked', { hasText: '仍在该单位工作' }).waitFor()
    await page.screenshot({ path: `${shots}dispute-from-placement.png`, fullPage: true })
    await page.locator('.el-checkbox', { hasText: '仍在该单位工作' }).click()
    await page.locator('.el-cascader').click()
    await page.locator('.el-cascader-node:visible', { hasText: '隆阳区' }).locator('.el-radio').click()
    await closeRegionPicker(page)
    // Or anyone of the register: found by name, shown with the ID masked.
    await page.getByTestId('dispute-claimant-picked').locator('.el-tag__close').click()
    await page.fill('#dispute-claimant-search', kMembers[0].name.slice(0, 1))
    await page.locator('.el-autocomplete-suggestion li:visible', { hasText: kMembers[0].name }).first().click()
    await page.getByTestId('dispute-claimant-picked').getByText(`${kMembers[0].name}（5305`).waitFor()
    await page.fill('#dispute-respondent-id', '91350100m000100y43')
    await page.keyboard.press('Tab')
    // The respondent registered earlier: its name comes from the register.
    await page.waitForFunction(() => document.querySelector('#dispute-respondent')?.value === '保山市隆阳区小粒咖啡专业合作社')
    await page.fill('#dispute-known', day(-30))
    await page.keyboard.press('Tab')
    await page.getByRole('textbox', { name: '金额' }).fill('9000')
    await page.getByPlaceholder('欠薪起始').fill('2026-08-01')
    await page.keyboard.press('Tab')
    await page.getByPlaceholder('欠薪截止').fill('2026-10-31')
    await page.keyboard.press('Tab')
    await page.fill('#dispute-facts', '8月至10月采摘工资未付')
    await page.setInputFiles('#dispute-evidence', { name: '考勤表.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('attendance') })
    await page.getByText('考勤表.jpg · SHA-256').waitFor()
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}dispute-new.png`, fullPage: true })
    await page.getByRole('button', { name: '提交' }).click()
    await page.waitForURL(/\/disputes\/d[0-9a-f]+$/)
    const id = new URL(page.url()).pathname.split('/').pop()
    await page.getByRole('heading', { name: /调解中/ }).waitFor()
    const claimant = page.locator('.el-descriptions').getByRole('link', { name: kMembers[0].name })
    assert.equal(await claimant.getAttribute('href'), `/households/${householdId}`)

    const step = async (name, fill = async () => {}) => {
      await page.locator('.el-select', { has: page.locator('#dispute-step') }).click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
      await fill()
      await page.getByRole('button', { name: '提交' }).click()
    }
    await step('调解不成', () => page.fill('#step-reason', '用人单位拒绝调解'))
    await page.getByRole('heading', { name: /调解不成/ }).waitFor()
    await step('收到仲裁申请')
    await page.getByRole('heading', { name: /已申请仲裁/ }).waitFor()
    await page.getByTestId('dispute-clocks').getByText('受理审查（5 个工作日）').waitFor()
    await step('受理', () => page.fill('#step-officer', '王仲裁员'))
    await page.getByRole('heading', { name: /仲裁审理中/ }).waitFor()
    // A hearing today would give the parties less than 5 working days' notice: refused, under the field.
    await step('安排开庭', async () => {
      await page.fill('#step-hearing_on', day(0))
      await page.keyboard.press('Tab')
    })
    await page.locator('.el-form-item__error', { hasText: '5 working days' }).waitFor()
    assert.deepEqual(await labelProblems(page), [])
    await page.screenshot({ path: `${shots}dispute.png`, fullPage: true })
    const view = await call(server.base, 'GET', `/disputes/${id}`, undefined, adminToken)
    assert.equal(view.body.stage, 'arbitration')
    // The server took the claimant's ID from the register: the case links to the person.
    assert.equal(view.body.claimant_household_id, householdId)
    assert.equal(view.body.claimant_name, kMembers[0].name)
    assert.equal(view.body.resident_id, `5305**********${kMembers[0].id.slice(-4)}`)
    assert.ok(view.body.clocks.some((c) => c.name === 'award' && c.state === 'pending'))

    await page.goto(`${server.base}/disputes?region=530502000000`)
    await page.getByTestId('disputes-board').getByRole('link', { name: id }).waitFor()
    await page.getByTestId('disputes-board').getByText('组庭通知（5 个工作日）').waitFor()
    await page.screenshot({ path: `${shots}disputes-board.png`, fullPage: true })
    // By business dates, the day before it was filed the case was not on the board.
    await page.fill('#disputes-valid-on', day(-1))
    await page.keyboard.press('Enter')
    await page.getByTestId('disputes-board').getByRole('link', { name: id }).waitFor({ state: 'detached' })
    assert.deepEqual(await labelProblems(page), [])
    await page.goto(`${server.base}/dispute-report/530502000000`)
    await page.getByTestId('disputes-filed').getByText('1').waitFor()
    await page.locator('canvas').first().waitFor()
    await page.screenshot({ path: `${shots}dispute-report.png`, fullPage: true })

    // The award's 45 days reach next year, whose holiday list is not built in: the case says so
    // until an admin records the list on the calendar screen; then the day is computed.
    const year = Number(day(60).slice(0, 4))
    await page.goto(`${server.base}/admin/calendar`)
    await page.getByTestId('calendar-years').getByText('2026', { exact: true }).waitFor()
    await page.fill('#calendar-year', String(year))
    await page.fill('#calendar-off', `${year}-01-01\n${year}-01-02`)
    await page.fill('#calendar-on', `${year}-01-05`) // a weekday in most years: refused under the field
    await page.fill('#calendar-source', '国务院办公厅关于部分节假日安排的通知')
    assert.deepEqual(await labelProblems(page), [])
    const weekday = new Date(`${year}-01-05T00:00:00Z`).getUTCDay()
    if (weekday !== 0 && weekday !== 6) {
      await page.getByRole('button', { name: '保存' }).click()
      await page.locator('.el-form-item__error', { hasText: 'weekday' }).waitFor()
    }
    await page.fill('#calendar-on', '')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByTestId('calendar-years').getByText(String(year), { exact: true }).waitFor()
    await page.screenshot({ path: `${shots}calendar.png`, fullPage: true })
    const now = await call(server.base, 'GET', `/disputes/${id}`, undefined, adminToken)
    const award = now.body.clocks.find((c) => c.name === 'award')
    assert.ok(award.due, JSON.stringify(award))
  })

  it('inspects a township: a sample drawn from a seed, a finding rejected, rectified and closed', async () => {
    const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)
    for (const [username, role, region] of [['insp.longyang', 'inspector', '530502000000'], ['cw.lancheng', 'caseworker', '530502001000']]) {
      const made = await call(server.base, 'POST', '/users', { username, password: 'set-by-admin-1', role, region }, adminToken)
      assert.equal(made.status, 201, JSON.stringify(made.body))
    }
    const inspectorContext = await browser.newContext({ locale: 'zh-CN' })
    const ip = await newPage(inspectorContext)
    await ip.goto(`${server.base}/inspections`)
    await signInThroughPage(ip, 'insp.longyang', 'set-by-admin-1', 'inspector-own-pass')
    // The household cleared above is the whole population of the period: a sample of 2 is refused.
    await ip.getByTestId('inspection-open').click()
    const dialog = ip.locator('.el-dialog:visible')
    await ip.fill('#inspection-unit', '兰城街道')
    await ip.fill('#inspection-sample-from', day(-60))
    await ip.keyboard.press('Tab')
    await ip.fill('#inspection-seed', '20261128')
    await dialog.getByRole('spinbutton').fill('2')
    assert.deepEqual(await labelProblems(ip), [])
    await dialog.locator('.el-cascader').click()
    await ip.locator('.el-cascader-node:visible', { hasText: '兰城街道' }).locator('.el-radio').click()
    await closeRegionPicker(ip)
    await ip.getByTestId('inspection-submit').click()
    await dialog.locator('.el-form-item__error', { hasText: 'population (1 records)' }).waitFor()
    await dialog.getByRole('spinbutton').fill('1')
    await ip.getByTestId('inspection-submit').click()
    await ip.waitForURL(/\/inspections\/i[0-9a-f]+$/)
    const inspectionId = new URL(ip.url()).pathname.split('/').pop()
    await ip.getByTestId('inspection-sample').getByText('从 1 条中抽取 1 条').waitFor()
    await ip.getByTestId('inspection-redraw').click()
    await ip.getByTestId('inspection-redraw-result').getByText('复核一致').waitFor()
    const results = ip.getByTestId('inspection-results')
    await results.getByText(householdId).waitFor()
    await results.locator('.el-select').click()
    await ip.locator('.el-select-dropdown__item:visible', { hasText: '有问题' }).click()
    await results.getByRole('textbox', { name: '情况说明' }).fill('清零后未回访')
    await results.getByRole('button', { name: '保存' }).click()
    await ip.getByText('已保存').first().waitFor()
    await ip.screenshot({ path: `${shots}inspection.png`, fullPage: true })
    // A finding from that record, with a deadline a month ahead.
    await results.getByRole('button', { name: '登记问题' }).click()
    await ip.waitForURL(/\/findings\?/)
    const form = ip.locator('.el-dialog:visible')
    await ip.fill('#finding-description', '清零后30日内未回访')
    await ip.fill('#finding-unit', '兰城街道人社服务中心')
    await ip.fill('#finding-person', 'cw.lancheng')
    await ip.fill('#finding-evidence', `/api/v1/households/${householdId}`)
    assert.deepEqual(await labelProblems(ip), [])
    await form.locator('.el-cascader').click()
    await ip.locator('.el-cascader-node:visible', { hasText: '兰城街道' }).locator('.el-radio').click()
    await closeRegionPicker(ip)
    await form.locator('.el-select').first().click()
    await ip.locator('.el-select-dropdown__item:visible', { hasText: '清零逾期' }).click()
    await ip.fill('#finding-deadline', day(0)) // today: refused, a deadline lies ahead
    await ip.keyboard.press('Tab')
    await ip.getByTestId('finding-submit').click()
    await form.locator('.el-form-item__error', { hasText: 'after today' }).waitFor()
    await ip.fill('#finding-deadline', day(30))
    await ip.keyboard.press('Tab')
    await ip.getByTestId('finding-submit').click()
    await ip.waitForURL(/\/findings\/f[0-9a-f]+$/)
    const findingPath = new URL(ip.url()).pathname
    // The caseworker answers on a phone-sized screen of his own.
    const cwContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
    const cp = await newPage(cwContext)
    await cp.goto(`${server.base}${findingPath}`)
    await signInThroughPage(cp, 'cw.lancheng', 'set-by-admin-1', 'lancheng-own-pass')
    await cp.fill('#answer-text', '已入户回访并补录')
    await cp.getByTestId('answer-submit').click()
    await cp.getByTestId('finding-status').getByText('待审核').waitFor()
    // The inspector sends it back with a new deadline; the caseworker answers again; closed.
    await ip.reload()
    await ip.fill('#decide-reason', '回访记录缺少户主签字')
    await ip.fill('#decide-deadline', day(40))
    await ip.keyboard.press('Tab')
    await ip.getByTestId('finding-reject').click()
    await ip.getByTestId('finding-status').getByText('待整改').waitFor()
    await cp.reload()
    await cp.fill('#answer-text', '已补签字')
    await cp.getByTestId('answer-submit').click()
    await cp.getByTestId('finding-status').getByText('待审核').waitFor()
    await cp.screenshot({ path: `${shots}finding-phone.png`, fullPage: true })
    await ip.reload()
    await ip.getByTestId('finding-accept').click()
    await ip.getByTestId('finding-status').getByText('已销号').waitFor()
    await ip.getByText('回访记录缺少户主签字').waitFor()
    await ip.screenshot({ path: `${shots}finding.png`, fullPage: true })
    await ip.goto(`${server.base}/findings?region=530502000000`)
    await ip.getByTestId('findings-by-county').getByText('隆阳区').waitFor()
    await ip.screenshot({ path: `${shots}findings.png`, fullPage: true })
    // What was done in 隆阳区 today, the finding's steps among it.
    await ip.goto(`${server.base}/audit/activity`)
    await ip.fill('#activity-type', 'finding.')
    await ip.keyboard.press('Enter')
    await ip.getByTestId('activity').getByText('finding.accepted').waitFor()
    assert.deepEqual(await labelProblems(ip), [])
    await ip.screenshot({ path: `${shots}activity.png`, fullPage: true })
    // Only back-dated entries: the finding's steps were recorded the day they happened.
    await ip.locator('.el-select', { has: ip.locator('#activity-flags') }).click()
    await ip.locator('.el-select-dropdown__item:visible', { hasText: '补录（倒签）' }).click()
    await ip.keyboard.press('Escape')
    await ip.getByTestId('activity').getByText('finding.accepted').waitFor({ state: 'detached' })
    assert.equal(await ip.locator('.el-alert--error').count(), 0)
    await ip.screenshot({ path: `${shots}activity-flags.png`, fullPage: true })
    await ip.locator('.el-select', { has: ip.locator('#activity-flags') }).locator('.el-tag__close').click()
    await ip.getByTestId('activity').getByText('finding.accepted').waitFor()
    // The access log: a view of the household's full resident IDs, with its reason.
    const shown = await call(server.base, 'GET', `/households/${householdId}?reveal=resident_ids&reason=e2e-identity-check`, undefined, adminToken)
    assert.equal(shown.status, 200)
    await ip.locator('.el-switch', { has: ip.locator('#activity-access') }).click()
    await ip.getByTestId('activity').getByText('e2e-identity-check').waitFor()
    const inspection = await call(server.base, 'GET', `/inspections/${inspectionId}`, undefined, await signIn(server.base, 'insp.longyang', 'inspector-own-pass'))
    assert.equal(inspection.body.results[0].result, 'problem')
    await cwContext.close()
    await inspectorContext.close()
  })

  it('checks a survey ledger and shows the bad row by line and field', async () => {
    const template = await call(server.base, 'GET', '/imports/households/template', undefined, adminToken)
    const [header, example] = template.body.trim().split('\n')
    const bad = example.replace('530502194912310020', '530502194912310021')
    await page.goto(`${server.base}/import`)
    await page.setInputFiles('#ledger-file', { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${example}\n${bad}\n`) })
    await page.getByRole('button', { name: '检查（不导入）' }).click()
    const errors = page.locator('[data-testid=import-errors]')
    await errors.getByText('身份证号（resident_id）').waitFor()
    await errors.getByRole('cell', { name: '3', exact: true }).waitFor()
    await page.screenshot({ path: `${shots}import.png`, fullPage: true })
    // The mended ledger: checked clean, then imported.
    await page.setInputFiles('#ledger-file', { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${example}\n`) })
    await page.getByRole('button', { name: '检查（不导入）' }).click()
    await page.getByText('检查通过，可以导入').waitFor()
    await page.getByRole('button', { name: '导入', exact: true }).click()
    await page.getByText('导入完成').waitFor()
    await page.getByTestId('import-encoding').getByText('UTF-8').waitFor()
    // The same ledger as Excel on Chinese Windows saves it (GBK): read as GB18030, nothing new.
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: `${header}\n${example}\n` })
    await page.setInputFiles('#ledger-file', { name: 'ledger-gbk.csv', mimeType: 'text/csv', buffer: gbk })
    await page.getByRole('button', { name: '检查（不导入）' }).click()
    await page.getByTestId('import-encoding').getByText('GBK（GB18030）').waitFor()
    await page.getByText('检查通过，可以导入').waitFor()
    // The same ledger kept in Excel, on its second sheet, the birth date a date cell.
    const script = [
      'import sys, datetime, openpyxl',
      'header, row = sys.argv[1].split(","), sys.argv[2].split(",")',
      'row[header.index("出生日期")] = datetime.date.fromisoformat(row[header.index("出生日期")])',
      'book = openpyxl.Workbook(); book.active.title = "封面"; book.active.append(["2026年摸排台账"])',
      'sheet = book.create_sheet("台账"); sheet.append(header); sheet.append(row)',
      'book.save(sys.stdout.buffer)',
    ].join('\n')
    // Debian's python3, which python3-openpyxl is installed for.
    const workbook = execFileSync('/usr/bin/python3', ['-c', script, header, example])
    await page.setInputFiles('#ledger-file', { name: '台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook })
    await page.fill('#ledger-sheet', '台账')
    await page.getByRole('button', { name: '检查（不导入）' }).click()
    await page.getByTestId('import-sheet').getByText('Excel 工作簿，工作表“台账”').waitFor()
    await page.getByText('检查通过，可以导入').waitFor()
    await page.screenshot({ path: `${shots}import-xlsx.png`, fullPage: true })
  })

  it('imports an employer list and then its postings from the same screen', async () => {
    await page.goto(`${server.base}/import`)
    await page.getByTestId('import-kind-employers').click()
    await page.waitForURL(/kind=employers/)
    for (const kind of ['employers', 'postings']) {
      if (kind === 'postings') await page.getByTestId('import-kind-postings').click()
      const sheet = await call(server.base, 'GET', `/imports/${kind}/template`, undefined, adminToken)
      await page.setInputFiles('#ledger-file', { name: `${kind}.csv`, mimeType: 'text/csv', buffer: Buffer.from(sheet.body) })
      await page.getByRole('button', { name: '检查（不导入）' }).click()
      await page.getByText('检查通过，可以导入').waitFor()
      await page.getByRole('button', { name: '导入', exact: true }).click()
      await page.getByText('导入完成').waitFor()
    }
    await page.screenshot({ path: `${shots}import-postings.png`, fullPage: true })
    const posting = await call(server.base, 'GET', '/postings/pi93530502MA6K5XWJ18-2026-001', undefined, adminToken)
    assert.equal(posting.status, 200)
    assert.equal(posting.body.employer_name, '保山市隆阳区咖啡专业合作社')
  })

  it('does not show another county\'s household to a caseworker', async () => {
    // The admin creates the account on the accounts screen and grants it a second role there.
    await page.goto(`${server.base}/admin/users`)
    await page.getByRole('button', { name: '新建账号' }).click()
    await page.fill('#user-username', 'cw.tengchong')
    await page.fill('#user-password', 'set-by-admin-1')
    await page.fill('#user-region', '53058')
    await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click()
    await page.locator('.el-form-item__error', { hasText: 'region' }).waitFor() // the server's word, under the field
    await page.fill('#user-region', '530581000000')
    assert.deepEqual(await labelProblems(page), [])
    await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click()
    await page.getByRole('button', { name: 'cw.tengchong' }).click()
    await page.locator('.el-drawer .el-select').first().click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '督查员' }).click()
    await page.fill('#grant-region', '530581000000')
    await page.getByRole('button', { name: '授予角色' }).click()
    await page.locator('.el-drawer .el-tag', { hasText: '督查员 530581000000' }).waitFor()
    await page.screenshot({ path: `${shots}accounts.png`, fullPage: true })
    const other = await browser.newContext({ locale: 'zh-CN' })
    const otherPage = await newPage(other)
    await otherPage.goto(`${server.base}/households/${householdId}`)
    await signInThroughPage(otherPage, 'cw.tengchong', 'set-by-admin-1', 'tengchong-own-pass')
    await otherPage.waitForURL(new RegExp(`/households/${householdId}$`))
    await otherPage.getByText('该记录不在您的管辖区域内').waitFor()
    assert.equal(await otherPage.getByText('王官社区3组12号').count(), 0)
    await other.close()
  })

  it('records visits offline, keeps them through a reload, and sends each once when back', async () => {
    await page.goto(`${server.base}/households/${householdId}`)
    await page.evaluate(() => navigator.serviceWorker.ready)
    await page.getByText('王官社区3组12号').first().waitFor() // cached for offline use
    const before = await visitCount()
    await context.setOffline(true)
    await recordVisit(page, ['外出务工', '未就业'])
    await page.getByText('已保存，联网后自动发送').waitFor()
    await recordVisit(page, ['外出务工', '灵活就业'])
    await page.getByText('已保存，联网后自动发送').first().waitFor()
    await page.reload() // the browser reopened without a connection
    await page.goto(`${server.base}/outbox`)
    await page.locator('[data-testid=outbox-item]').nth(1).waitFor()
    assert.equal(await page.locator('[data-testid=outbox-item]').count(), 2)
    await page.screenshot({ path: `${shots}outbox-offline.png`, fullPage: true })
    assert.equal(await visitCount(), before)
    await context.setOffline(false)
    await page.getByText('没有待发送的记录').waitFor({ timeout: 40000 })
    assert.equal(await visitCount(), before + 2)
  })

  it('sends a visit whose answer was lost again without doubling it', async () => {
    const lossy = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block' })
    const lossyPage = await newPage(lossy)
    await lossyPage.goto(`${server.base}/signin`)
    await signInThroughPage(lossyPage, 'admin', kPassword)
    let dropped = 0
    await lossyPage.route('**/api/v1/households/*/visits', async (route) => {
      if (dropped++ === 0) {
        await route.fetch() // the server gets it and appends...
        await route.abort('connectionreset') // ...and the answer never arrives
      } else {
        await route.continue()
      }
    })
    const before = await visitCount()
    await recordVisit(lossyPage, ['本地就业', '本地就业'])
    await lossyPage.getByText('已保存，联网后自动发送').waitFor()
    assert.equal(await visitCount(), before + 1)
    await lossyPage.goto(`${server.base}/outbox`)
    await lossyPage.getByRole('button', { name: '立即发送' }).click()
    await lossyPage.getByText('没有待发送的记录').waitFor()
    assert.equal(dropped, 2)
    assert.equal(await visitCount(), before + 1)
    await lossy.close()
  })

  it('renames a village in the region tree, with its history', async () => {
    await page.goto(`${server.base}/admin/regions`)
    for (const name of ['保山市', '隆阳区', '兰城街道']) await page.locator('.el-tree-node__content', { hasText: name }).first().click()
    await page.locator('.el-tree-node__content', { hasText: '王官社区居民委员会' }).click()
    await page.locator('#region-name').fill('王官社区')
    assert.deepEqual(await labelProblems(page), [])
    // Someone else renames it first: the conflict shows their change, and a reload keeps ours.
    const elsewhere = await call(server.base, 'PATCH', `/regions/${kVillage}`, { name: '王官社区居委会' }, adminToken)
    assert.equal(elsewhere.status, 200)
    await page.getByRole('button', { name: '保存' }).first().click()
    await page.getByText('该记录已被他人修改').waitFor()
    await page.locator('.changes li', { hasText: 'admin' }).waitFor()
    await page.screenshot({ path: `${shots}conflict.png`, fullPage: true })
    await page.getByRole('button', { name: '重新加载' }).click()
    assert.equal(await page.locator('#region-name').inputValue(), '王官社区')
    await page.getByRole('button', { name: '保存' }).first().click()
    await page.locator('h2', { hasText: '王官社区' }).waitFor()
    await page.locator('.el-tree-node__content', { hasText: /^王官社区$/ }).waitFor() // the tree stays open
    const village = await call(server.base, 'GET', `/regions/${kVillage}`, undefined, adminToken)
    assert.equal(village.body.name, '王官社区')
    await page.screenshot({ path: `${shots}regions.png`, fullPage: true })
    await page.getByRole('button', { name: '变更记录' }).click()
    await page.locator('.el-timeline-item').nth(1).waitFor()
  })

  it('an ended session goes to sign-in and then back to the same screen', async () => {
    const expiring = await browser.newContext({ locale: 'zh-CN' })
    const expiringPage = await newPage(expiring)
    await expiringPage.goto(`${server.base}/signin`)
    await signInThroughPage(expiringPage, 'admin', kPassword)
    await expiringPage.goto(`${server.base}/households/${householdId}`)
    await expiringPage.locator('[data-testid=casework]').waitFor() // the page's last request
    await expiringPage.getByText('兰城街道').first().waitFor()
    // The session ends elsewhere (expiry, or signed out on another device).
    const token = await expiringPage.evaluate(() => localStorage.getItem('xingfuli.token'))
    assert.equal((await call(server.base, 'DELETE', '/sessions/current', undefined, token)).status, 204)
    await expiringPage.getByRole('link', { name: '变更记录' }).click()
    await expiringPage.getByText('登录已过期，请重新登录').waitFor()
    await signInThroughPage(expiringPage, 'admin', kPassword)
    await expiringPage.waitForURL(new RegExp(`/history/household/${householdId}$`))
    await expiringPage.locator('.el-timeline-item').first().waitFor()
    await expiring.close()
  })

  it('fits the visit form on a 360-pixel phone', async () => {
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const phonePage = await newPage(phone)
    await phonePage.goto(`${server.base}/signin`)
    await signInThroughPage(phonePage, 'admin', kPassword)
    await phonePage.goto(`${server.base}/households/${householdId}/visit`)
    await phonePage.locator('.member-card').nth(1).waitFor()
    assert.deepEqual(await labelProblems(phonePage), [])
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
    await phonePage.screenshot({ path: `${shots}visit-phone.png`, fullPage: true })
    await phone.close()
  })
})
