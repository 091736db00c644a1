import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type OperationalAlarmsProps = {
  readonly httpApi: apigw.IHttpApi;
  readonly worker: lambda.IFunction;
  readonly authorizer: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * An existing SNS topic to notify (context `alarmTopicArn`). None by default: an encrypted
   * topic of our own would need a customer-managed KMS key (CloudWatch cannot publish to a topic
   * under the AWS-managed key), which costs money at rest; the alarms are visible in the console
   * either way.
   */
  readonly alarmTopicArn?: string;
};

/**
 * The few signals that mean someone has to look: a document that could not be rendered after
 * every retry, a failing worker, server errors on the API, and a failing authorizer (which
 * turns into 500s for every protected route). Missing data is "not breaching": no traffic is fine.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);

    this.add('DeadLetters', {
      alarmDescription: 'A render job failed on every attempt and waits in the dead-letter queue; its document stays "queued" or "failed".',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
    });
    this.add('WorkerErrors', {
      alarmDescription: 'The document worker threw (an error not reported as a batch item failure).',
      metric: props.worker.metricErrors({ period }),
    });
    this.add('Api5xx', {
      alarmDescription: 'The API answered 5xx: a handler failed or timed out.',
      metric: props.httpApi.metricServerError({ period }),
    });
    this.add('AuthorizerErrors', {
      alarmDescription: 'The key authorizer failed: protected routes answer 500 while it does.',
      metric: props.authorizer.metricErrors({ period }),
    });

    if (props.alarmTopicArn) {
      const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
      for (const alarm of this.alarms) alarm.addAlarmAction(new actions.SnsAction(topic));
    }
  }

  /** An alarm when the metric is above zero in one period. */
  private add(id: string, props: { alarmDescription: string; metric: cloudwatch.IMetric }): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        ...props,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
