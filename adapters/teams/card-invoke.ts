// An Action.Execute click (`adaptiveCard/action`) answered without the botbuilder steps it passes
// on its way to `onAdaptiveCardInvoke` (ActivityHandler.run → ActivityHandlerBase.run →
// onTurnActivity → handle('Turn') → TeamsActivityHandler.onInvokeActivity →
// ActivityHandler.onInvokeActivity, then defaultNextEvent's handle('Dialog')): each is a
// down-compiled `__awaiter` generator with its own promises, on every click (docs/teams-speed.md,
// h/teams13). What they do for this one activity is done here, in botbuilder 4.23's order, with its
// own validation (its getAdaptiveCardInvokeValue) and its error answers; anything else, or a
// subclass that hooks the turn (onTurn, onDialog, an override of a step), goes through `run`.
// The checks compare with the installed library's methods: test/unit/teams-card-invoke.test.ts
// compares both paths, so a botbuilder upgrade that changes what they do fails there.
import {
  type Activity,
  ActivityHandler,
  type AdaptiveCardInvokeValue,
  INVOKE_RESPONSE_KEY,
  InvokeException,
  type InvokeResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';

/** The steps botbuilder's path takes (protected, or for its own check and copy of the click's
 *  value, getAdaptiveCardInvokeValue, private in its types; all on the prototype at run time). */
interface Steps {
  onTurnActivity: unknown;
  onInvokeActivity: unknown;
  defaultNextEvent: unknown;
  getAdaptiveCardInvokeValue: (activity: Activity) => AdaptiveCardInvokeValue;
}
const base = ActivityHandler.prototype as unknown as Steps;
const teams = TeamsActivityHandler.prototype as unknown as Steps;

export class CardInvokeHandler extends TeamsActivityHandler {
  override run(context: TurnContext): Promise<void> {
    const activity = context?.activity;
    if (activity?.type === 'invoke' && activity.name === 'adaptiveCard/action' && this.unhooked())
      return this.cardAction(context, activity);
    return super.run(context);
  }

  /** Nothing registered or overridden that botbuilder's path would run for this invoke. */
  private unhooked(): boolean {
    const self = this as unknown as Steps;
    return (
      !this.handlers.Turn?.length &&
      !this.handlers.Dialog?.length &&
      self.onTurnActivity === base.onTurnActivity &&
      self.onInvokeActivity === teams.onInvokeActivity &&
      self.defaultNextEvent === base.defaultNextEvent &&
      typeof self.getAdaptiveCardInvokeValue === 'function'
    );
  }

  /** ActivityHandler.onInvokeActivity's `adaptiveCard/action` case and onTurnActivity's sending of
   *  its answer. TeamsActivityHandler returns that case's promise unawaited, so its own catch
   *  (501 / 400 for errors named so) never sees it; defaultNextEvent runs no handler here. */
  private async cardAction(context: TurnContext, activity: Activity): Promise<void> {
    let answer: InvokeResponse;
    try {
      const value = (this as unknown as Steps).getAdaptiveCardInvokeValue(activity);
      const response = await this.onAdaptiveCardInvoke(context, value);
      answer = { status: response.statusCode, body: response };
    } catch (err) {
      if ((err as Error).message === 'NotImplemented') answer = { status: 501 };
      else if (err instanceof InvokeException) answer = err.createInvokeResponse();
      else throw err;
    }
    if (answer && !context.turnState.get(INVOKE_RESPONSE_KEY))
      await context.sendActivity({ value: answer, type: 'invokeResponse' });
  }
}
