import { RemediationCallError } from '../errors';
import { describeTarget } from '../target';
import type { ActionParams } from '../types';
import type { ActionDefinition } from './types';

type InvokeParams = Extract<ActionParams, { type: 'invoke' }>;

/**
 * `invoke`: calls the user's Lambda function, or starts an SSM Automation runbook, with the
 * alert document as input (the `json` format, docs/alert-json.md). What the runbook does is
 * its own business: herald re-reads nothing for it, the guards still apply.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html
 */
export const invoke: ActionDefinition = {
  acts: 'any',
  describe: (action, { target }) => {
    const params = action.params as InvokeParams;
    return params.function !== undefined ? `invoke Lambda function ${params.function} for ${describeTarget(target, 'any')}` : `start SSM Automation ${params.document ?? '?'} for ${describeTarget(target, 'any')}`;
  },
  async prepare({ action, request, invoke: invoker }) {
    const params = action.params as InvokeParams;
    const input = JSON.stringify({ alert: request.alert, decision: { id: request.id, action: request.action, route: request.route, target: request.target } });
    if (params.function !== undefined) {
      const name = params.function;
      return {
        does: `lambda:Invoke ${name}`,
        run: async () => {
          if (invoker === undefined) return `lambda:Invoke ${name}`;
          const { functionError } = await invoker.invokeFunction(name, input);
          if (functionError !== undefined) throw new RemediationCallError('lambda:Invoke', functionError, `function ${name} returned an error`);
          return `invoked Lambda function ${name}`;
        },
      };
    }
    const document = params.document ?? '';
    return {
      does: `ssm:StartAutomationExecution ${document}`,
      run: async () => {
        if (invoker === undefined) return `ssm:StartAutomationExecution ${document}`;
        const { executionId } = await invoker.startAutomation(document, { ...params.parameters, Alert: [input] });
        return `started SSM Automation ${document}${executionId === undefined ? '' : ` (execution ${executionId})`}`;
      },
    };
  },
};
