// English catalog. It defines the key set: zh-CN.ts is typed against it, so a key missing there
// is a compile error. Placeholders are {name}; index.ts fills them.
// Status, action and role texts are also spliced into sentences (errors), so they are written
// to read both as labels and, lower-cased, inside a sentence.

export const en = {
  // ---- statuses (incident state) ----
  'status.registered': 'Registered',
  'status.classified': 'Classified',
  'status.prioritised': 'Prioritised',
  'status.matching': 'In matching',
  'status.attempting': 'In resolution attempt',
  'status.assigned': 'Assigned',
  'status.accepted': 'Accepted',
  'status.declined': 'Declined',
  'status.investigating': 'Under investigation',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
  'status.cancelled': 'Cancelled',

  // ---- process steps (seed names) ----
  'step.IM1': 'Registration',
  'step.IM2.1': 'Confirm nature and category',
  'step.IM2.2': 'Complaint or suggestion?',
  'step.IM2.3': 'Set priority',
  'step.IM2.4': 'Highest priority?',
  'step.IM2.5': 'On-site service needed?',
  'step.IM2.6': 'Dispatch on-site staff',
  'step.IM2.7': 'Incident matching',
  'step.IM2.8': 'Ready solution or workaround?',
  'step.IM2.9': 'Attempt resolution',
  'step.IM2.10': 'Other solution or workaround found?',
  'step.IM2.11': 'Select second line and assign',
  'step.IM2.12': 'Accept and learn symptoms',
  'step.IM2.13': "Within the team's scope?",
  'step.IM2.14': 'Ask the desk to re-dispatch',
  'step.IM3.1': 'Investigation and diagnosis',
  'step.IM4.1': 'Resolution and recovery',
  'step.IM5.1': 'Closure',

  // ---- closure codes ----
  'closure.solved': 'Solved',
  'closure.workaround': 'Solved by workaround',
  'closure.not_solved': 'Not solved',
  'closure.duplicate': 'Duplicate',
  'closure.cancelled': 'Cancelled by reporter',

  // ---- roles: a label, and the plural used in "Only {role} may …" ----
  'role.agent': 'Service desk agent',
  'role.manager': 'Incident manager',
  'role.onsite': 'On-site engineer',
  'role.team': 'Second-line engineer',
  'role.reporter': 'Reporter',
  'role.desk': 'Service desk',
  'role.agent.plural': 'service desk agents',
  'role.manager.plural': 'incident managers',
  'role.onsite.plural': 'on-site engineers',
  'role.team.plural': 'members of the assigned team',
  'role.desk.plural': 'the service desk',
  'role.reporter.plural': 'the reporter',

  // ---- deadlines ----
  'deadline.kind.respond': 'Response',
  'deadline.kind.resolve': 'Resolution',
  'deadline.kind.acceptance': 'Acceptance by the team',
  'deadline.kind.onsite_feedback': 'On-site feedback',
  'deadline.state.met': 'Met',
  'deadline.state.running': '{duration} left',
  'deadline.state.due_soon': 'Due soon: {duration} left',
  'deadline.state.overdue': 'Overdue by {duration}',
  'deadline.state.paused': 'Paused while waiting for the reporter',

  // ---- messages to the reporter ----
  'reporter.registered':
    'Your report has been registered as {number}: {title}. The service desk will look at it shortly.',
  'reporter.classified':
    'The service desk has reviewed {number}: priority {priority}, to be resolved by {resolveBy}.',
  'reporter.assigned': '{number} has been passed to {team}.',
  'reporter.accepted': '{team} has taken on {number} and is working on it.',
  'reporter.resolved':
    '{number} has been resolved: {solution}. Please confirm that it works for you, or reopen it.',
  'reporter.closed': '{number} is closed ({closure}). Thank you.',
  'reporter.reopened': '{number} has been reopened; the service desk will look at it again.',
  'reporter.cancelled': '{number} has been cancelled.',
  'reporter.info_requested': 'The team working on {number} needs more information: {question}',

  // ---- notices to the incident manager ----
  'manager.complaint': 'Complaint {number}: {title}. Please verify it and follow up.',
  'manager.suggestion': 'Suggestion {number}: {title}. Please review it.',
  'manager.highest_priority':
    'Highest-priority incident {number}: {title}. Please keep watch and coordinate resources as needed.',

  // ---- on-site task states ----
  'onsite.dispatched': 'Dispatched',
  'onsite.acknowledged': 'Acknowledged',
  'onsite.feedback': 'Done (feedback given)',
  'onsite.cancelled': 'Cancelled',

  // ---- things errors refer to ----
  'entity.incident': 'Incident',
  'entity.onsite_task': 'On-site task',
  'reason.invalid': '"{value}" is not valid',
  'reason.required': 'this is required',
  'reason.too_long': 'too long (at most {max} characters)',
  'reason.date': 'not a valid date and time',
  'reason.choice': 'not one of the offered choices',
  'reason.not_confirmed': 'the reporter has not confirmed the resolution yet',
  'reason.already_paused': 'the clock is already paused',
  'reason.not_paused': 'the clock is not paused',
  'reason.window_order': 'the service window must end after it starts',
  'reason.duplicate': 'this already exists',
  'reason.no_default_team': 'the category has no default team; choose one',
  'reason.same_team': 'suggest a team other than the one declining',

  // ---- domain errors ----
  'error.not_found': '{what} {value} was not found.',
  'error.wrong_state': 'Cannot {action} while the incident is {status}.',
  'error.wrong_state.onsite': 'Cannot {action}: the on-site task is {status}.',
  'error.forbidden': 'Only {role} may {action}.',
  'error.stale_version':
    'This card is out of date: {by} changed the incident ({action}) at {at}. It has been refreshed.',
  'error.already_done': 'Already done by {by}.',
  'error.unknown_nature': 'There is no nature "{value}" in the configuration.',
  'error.unknown_category': 'There is no category "{value}" in the configuration.',
  'error.unknown_team': 'There is no team "{value}" in the configuration.',
  'error.unknown_person': 'Unknown person "{value}" (not in the configuration, or without the role needed).',
  'error.invalid_level': '{field} must be between 1 and 4, not {value}.',
  'error.invalid_input': 'Please check “{field}”: {reason}.',
  'error.calendar_not_covered':
    "The business calendar has no holiday data for {year}; add the year's days in the configuration (calendar.extra_holidays / extra_workdays / extra_covered_years).",

  // ---- commands and actions a user can take ----
  'action.report': 'Report an incident',
  'action.classify': 'Classify',
  'action.prioritise': 'Set priority',
  'action.decide_onsite': 'Decide on on-site service',
  'action.dispatch_onsite': 'Dispatch on-site staff',
  'action.acknowledge_onsite': 'Acknowledge the on-site task',
  'action.onsite_feedback': 'Give on-site feedback',
  'action.apply_match': 'Apply a known solution',
  'action.no_match': 'Mark as no match',
  'action.add_worklog': 'Add to the work log',
  'action.ask_advice': 'Ask the second line for advice',
  'action.resolve': 'Resolve',
  'action.assign': 'Assign',
  'action.accept': 'Accept',
  'action.decline': 'Decline',
  'action.in_scope': 'Confirm it is in scope',
  'action.confirm': 'Confirm the resolution',
  'action.reopen': 'Reopen',
  'action.close': 'Close',
  'action.cancel': 'Cancel',
  'action.wait_for_reporter': 'Wait for the reporter',
  'action.resume': 'Resume',
  'action.reporter_replied': 'Reply with the information',
  'action.cancel_onsite': 'Cancel the on-site task',
  'action.onsite': 'Update the on-site task',

  // ---- incident view fields ----
  'field.number': 'Number',
  'field.title': 'Title',
  'field.reporter': 'Reporter',
  'field.nature': 'Nature',
  'field.category': 'Category',
  'field.impact': 'Impact',
  'field.urgency': 'Urgency',
  'field.priority': 'Priority',
  'field.respond_by': 'Respond by',
  'field.resolve_by': 'Resolve by',
  'field.assigned_team': 'Assigned team',
  'field.state': 'State',

  // ---- form inputs named in errors ----
  'field.description': 'Description',
  'field.solution': 'Solution',
  'field.reason': 'Reason',
  'field.question': 'Question',
  'field.text': 'Text',
  'field.feedback': 'Feedback',
  'field.matchRef': 'Matched knowledge entry',
  'field.code': 'Closure code',
  'field.engineers': 'On-site engineers',
  'field.window': 'Service window',
  'field.windowStart': 'Service window start',
  'field.windowEnd': 'Service window end',
  'field.team': 'Team',
  'field.suggestedTeam': 'Suggested team',
  'field.confirmation': 'Confirmation',
  'field.matrix': 'Priority matrix',
  'field.date': 'Date',

  // ---- levels ----
  'impact.1': 'Critical: the whole business or a critical system',
  'impact.2': 'High: a department or an important service',
  'impact.3': 'Medium: a group of users',
  'impact.4': 'Low: a single user',
  'urgency.1': 'Very urgent: handle immediately',
  'urgency.2': 'Urgent: within 2 hours',
  'urgency.3': 'Normal: within 24 hours',
  'urgency.4': 'Low: may take longer than 24 hours',
  'priority.1': 'P1',
  'priority.2': 'P2',
  'priority.3': 'P3',
  'priority.4': 'P4',

  // ---- incident view: extra fields, inputs, notices ----
  'field.service': 'Affected service',
  'field.reported_at': 'Reported',
  'field.onsite': 'On-site',
  'field.resolution': 'Resolution',
  'field.needed': 'On-site service needed',
  'field.note': 'Note for the engineers',
  'field.taskId': 'On-site task',
  'field.tested': 'Tested: service really restored',
  'field.duplicateOf': 'Duplicate of (incident number)',
  'field.severity': 'How bad is it for you?',
  'option.yes': 'Yes',
  'option.no': 'No',
  'option.default_team': '{team} (classification rule)',
  'notice.declined': '{team} declined: {reason} (suggested: {suggested})',
  'notice.declined.no_suggestion': '{team} declined: {reason}',
  'notice.waiting_for_reporter': 'Waiting for the reporter since {since}; the deadlines are paused.',
  'notice.calendar_not_covered':
    'Deadlines unknown: the business calendar has no holiday data for this period.',
  'notice.provisional_priority': 'Provisional priority from the report; the desk sets the real one at IM2.3.',
  'notice.onsite_task': '{engineers}: {window} ({state})',
  'notice.reopened': 'Reopened {count} time(s).',
  'view.unassigned': 'not assigned',
  'view.not_set': 'not set',

  // ---- notifications to teams, the desk and on-site engineers ----
  'team.assignment': '{number} ({priority}) is assigned to your team: {title}. Please accept or decline.',
  'team.advice_request': 'The service desk asks for advice on {number}: {question}',
  'desk.declined': '{team} declined {number}: {reason}. Suggested team: {suggested}.',
  'onsite.dispatch_notice':
    'On-site service needed for {number}: {title}. Please acknowledge and report back afterwards.',
  'onsite.cancelled_notice': 'The on-site task for {number} has been cancelled.',
  'relay.from_desk': 'Service desk on {number}: {text}',
  'relay.from_team': '{team} on {number}: {text}',
} as const;

export type MessageKey = keyof typeof en;
/** A catalog for another language: every key, nothing else. */
export type Catalog = Readonly<Record<MessageKey, string>>;
