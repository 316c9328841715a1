import type { MethodArgs } from '../../../src-shared/api/contract'
import { dispatchOptions } from '../dispatch/dispatch-options'
import { createJob, loadJobForm, updateJob } from '../dispatch/job-dispatch'
import { commitImport, previewImport } from '../imports/import-service'
import { attachmentDataUrl } from '../jobs/job-attachments'
import { jobCloseout } from '../jobs/job-closeout'
import type { Office } from '../office'
import { updateSettings } from '../settings/settings-update'
import { loadSettings } from '../settings/settings-view'

/** Handlers of the office app's own screens (contract: src-shared/api/office-app.ts). */
export function officeAppHandlers(office: Office) {
  return {
    'dispatch.options': () => dispatchOptions(office),
    'jobs.create': (input: MethodArgs<'jobs.create'>) => ({ id: createJob(office, input) }),
    'jobs.update': ({ id, ...fields }: MethodArgs<'jobs.update'>) => {
      updateJob(office, id, fields)
      return loadJobForm(office, id)
    },
    'jobs.form': (input: MethodArgs<'jobs.form'>) => loadJobForm(office, input.id),
    'jobs.closeout': (input: MethodArgs<'jobs.closeout'>) => jobCloseout(office, input.jobId, input.submissionId),
    'attachments.get': (input: MethodArgs<'attachments.get'>) => attachmentDataUrl(office, input.id),
    'imports.preview': (input: MethodArgs<'imports.preview'>) => previewImport(office, input),
    'imports.commit': (input: MethodArgs<'imports.commit'>) => commitImport(office, input),
    'settings.get': () => loadSettings(office),
    'settings.update': (input: MethodArgs<'settings.update'>) => updateSettings(office, input),
  }
}
