"""Creates the administrator of the signature-checking emulator and prints its access key.

The emulator checks signatures only after its first INITIAL_NO_AUTH_ACTION_COUNT actions. This
script spends exactly those unchecked actions (four) on an administrator: a user, a policy
allowing everything, the attachment, and an access key. It prints the key as two shell
assignments for scripts/emulator.sh to put in the tests' environment file. The key is the
emulator's own fake one and grants nothing outside it.

Usage: python emulator_bootstrap.py ENDPOINT_URL
"""

import json
import sys

import boto3

ADMIN_ACTIONS = 4


def main() -> None:
    endpoint = sys.argv[1]
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bootstrap",
        aws_secret_access_key="bootstrap",
    )
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.create_user(UserName="channelops-test-admin")
    policy = iam.create_policy(PolicyName="channelops-test-admin", PolicyDocument=json.dumps(document))
    iam.attach_user_policy(UserName="channelops-test-admin", PolicyArn=policy["Policy"]["Arn"])
    key = iam.create_access_key(UserName="channelops-test-admin")["AccessKey"]
    print(f"CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID={key['AccessKeyId']}")
    print(f"CHANNELOPS_TEST_AUTH_SECRET_ACCESS_KEY={key['SecretAccessKey']}")


if __name__ == "__main__":
    main()
