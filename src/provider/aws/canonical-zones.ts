/**
 * Hosted-zone ids of AWS services that Route53 alias records can target, by DNS suffix (facts from
 * the AWS endpoint docs, as ExternalDNS lists them): ALB/CLB `<region>.elb.amazonaws.com[.cn]`,
 * NLB `elb.<region>.amazonaws.com[.cn]`, Global Accelerator, CloudFront, VPC endpoints and API Gateway.
 * @module
 */

/** ALB and Classic ELB zone ids, keyed by region. */
const ELB: Readonly<Record<string, string>> = {
  'us-east-2': 'Z3AADJGX6KTTL2', 'us-east-1': 'Z35SXDOTRQ7X7K', 'us-west-1': 'Z368ELLRRE2KJ0', 'us-west-2': 'Z1H1FL5HABSF5',
  'ca-central-1': 'ZQSVJUPU6J1EY', 'ca-west-1': 'Z06473681N0SF6OS049SD', 'ap-east-1': 'Z3DQVH9N71FHZ0',
  'ap-east-2': 'Z02789141MW7T1WBU19PO', 'ap-south-1': 'ZP97RAFLXTNZK', 'ap-south-2': 'Z0173938T07WNTVAEPZN',
  'ap-northeast-1': 'Z14GRHDCWA56QT', 'ap-northeast-2': 'ZWKZPGTI48KDX', 'ap-northeast-3': 'Z5LXEXXYW11ES',
  'ap-southeast-1': 'Z1LMS91P8CMLE5', 'ap-southeast-2': 'Z1GM3OXH4ZPM65', 'ap-southeast-3': 'Z08888821HLRG5A9ZRTER',
  'ap-southeast-4': 'Z09517862IB2WZLPXG76F', 'ap-southeast-5': 'Z06010284QMVVW7WO5J', 'ap-southeast-6': 'Z023301818UFJ50CIO0MV',
  'ap-southeast-7': 'Z0390008CMBRTHFGWBCB', 'eu-central-1': 'Z215JYRZR1TBD5', 'eu-central-2': 'Z06391101F2ZOEP8P5EB3',
  'eu-west-1': 'Z32O12XQLNTSW2', 'eu-west-2': 'ZHURV8PSTC4K8', 'eu-west-3': 'Z3Q77PNBQS71R4', 'eu-north-1': 'Z23TAZ6LKFMNIO',
  'eu-south-1': 'Z3ULH7SSC9OV64', 'eu-south-2': 'Z0956581394HF5D5LXGAP', 'sa-east-1': 'Z2P70J7HTTTPLU',
  'us-gov-west-1': 'Z33AYJ8TM3BH4J', 'us-gov-east-1': 'Z166TLBEWOO7G0', 'mx-central-1': 'Z023552324OKD1BB28BH5',
  'me-central-1': 'Z08230872XQRWHG2XF6I', 'me-south-1': 'ZS929ML54UICD', 'af-south-1': 'Z268VQBMOI5EKX',
  'il-central-1': 'Z09170902867EHPV2DABU',
};
const ELB_CN: Readonly<Record<string, string>> = { 'cn-north-1': 'Z1GDH35T77C1KE', 'cn-northwest-1': 'ZM7IZAIOVVDZF' };

/** Network Load Balancer zone ids, keyed by region. */
const NLB: Readonly<Record<string, string>> = {
  'us-east-2': 'ZLMOA37VPKANP', 'us-east-1': 'Z26RNL4JYFTOTI', 'us-west-1': 'Z24FKFUX50B4VW', 'us-west-2': 'Z18D5FSROUN65G',
  'ca-central-1': 'Z2EPGBW3API2WT', 'ca-west-1': 'Z02754302KBB00W2LKWZ9', 'ap-east-1': 'Z12Y7K3UBGUAD1',
  'ap-east-2': 'Z09176273OC2HWIAUNYW', 'ap-south-1': 'ZVDDRBQ08TROA', 'ap-south-2': 'Z0711778386UTO08407HT',
  'ap-northeast-1': 'Z31USIVHYNEOWT', 'ap-northeast-2': 'ZIBE1TIR4HY56', 'ap-northeast-3': 'Z1GWIQ4HH19I5X',
  'ap-southeast-1': 'ZKVM4W9LS7TM', 'ap-southeast-2': 'ZCT6FZBF4DROD', 'ap-southeast-3': 'Z01971771FYVNCOVWJU1G',
  'ap-southeast-4': 'Z01156963G8MIIL7X90IV', 'ap-southeast-5': 'Z026317210H9ACVTRO6FB', 'ap-southeast-6': 'Z01392953RKV2Q3RBP0KU',
  'ap-southeast-7': 'Z054363131YWATEMWRG5L', 'eu-central-1': 'Z3F0SRJ5LGBH90', 'eu-central-2': 'Z02239872DOALSIDCX66S',
  'eu-west-1': 'Z2IFOLAFXWLO4F', 'eu-west-2': 'ZD4D7Y8KGAS4G', 'eu-west-3': 'Z1CMS0P5QUZ6D5', 'eu-north-1': 'Z1UDT6IFJ4EJM',
  'eu-south-1': 'Z23146JA1KNAFP', 'eu-south-2': 'Z1011216NVTVYADP1SSV', 'sa-east-1': 'ZTK26PT1VY4CU',
  'us-gov-west-1': 'ZMG1MZ2THAWF1', 'us-gov-east-1': 'Z1ZSMQQ6Q24QQ8', 'mx-central-1': 'Z02031231H3ID6HYJ9A7U',
  'me-central-1': 'Z00282643NTTLPANJJG2P', 'me-south-1': 'Z3QSRYVP46NYYV', 'af-south-1': 'Z203XCE67M25HM',
  'il-central-1': 'Z0313266YDI6ZRHTGQY4',
};
const NLB_CN: Readonly<Record<string, string>> = { 'cn-north-1': 'Z3QFB96KMJ7ED6', 'cn-northwest-1': 'ZQEIKTCZ8352D' };

/** VPC endpoint (PrivateLink) zone ids, keyed by region. */
const VPCE: Readonly<Record<string, string>> = {
  'eu-west-2': 'Z7K1066E3PUKB', 'us-east-2': 'ZC8PG0KIFKBRI', 'af-south-1': 'Z09302161J80N9A7UTP7U', 'ap-east-1': 'Z2LIHJ7PKBEMWN',
  'ap-east-2': 'Z09379811HWP0POAUWVN3', 'ap-northeast-1': 'Z2E726K9Y6RL4W', 'ap-northeast-2': 'Z27UANNT0PRK1T',
  'ap-northeast-3': 'Z376B5OMM2JZL2', 'ap-south-1': 'Z2KVTB3ZLFM7JR', 'ap-south-2': 'Z0952991RWSF5AHIQDIY',
  'ap-southeast-1': 'Z18LLCSTV4NVNL', 'ap-southeast-2': 'ZDK2GCRPAFKGO', 'ap-southeast-3': 'Z03881013RZ9BYYZO8N5W',
  'ap-southeast-4': 'Z07508191CO1RNBX3X3AU', 'ca-central-1': 'ZRCXCF510Y6P9', 'eu-central-1': 'Z273ZU8SZ5RJPC',
  'eu-central-2': 'Z045369019J4FUQ4S272E', 'eu-north-1': 'Z3OWWK6JFDEDGC', 'eu-south-1': 'Z2A5FDNRLY7KZG',
  'eu-south-2': 'Z014396544HENR57XQCJ', 'eu-west-1': 'Z38GZ743OKFT7T', 'eu-west-3': 'Z1DWHTMFP0WECP',
  'me-central-1': 'Z07122992YCEUCB9A9570', 'me-south-1': 'Z3B95P3VBGEQGY', 'sa-east-1': 'Z2LXUWEVLCVZIB',
  'us-east-1': 'Z7HUB22UULQXV', 'us-gov-east-1': 'Z2MU5TEIGO9WXB', 'us-gov-west-1': 'Z12529ZODG2B6H',
  'us-west-1': 'Z12I86A8N7VCZO', 'us-west-2': 'Z1YSA3EXCYUU9Z',
};

/** API Gateway (regional `execute-api`) zone ids, keyed by region. */
const EXECUTE_API: Readonly<Record<string, string>> = {
  'us-east-2': 'ZOJJZC49E0EPZ', 'us-east-1': 'Z1UJRXOUMOOFQ8', 'us-west-1': 'Z2MUQ32089INYE', 'us-west-2': 'Z2OJLYMUO9EFXC',
  'af-south-1': 'Z2DHW2332DAMTN', 'ap-east-1': 'Z3FD1VL90ND7K5', 'ap-east-2': 'Z02909591O7FG9Q56HWB1',
  'ap-south-1': 'Z3VO1THU9YC4UR', 'ap-northeast-2': 'Z20JF4UZKIW1U8', 'ap-southeast-1': 'ZL327KTPIQFUL',
  'ap-southeast-2': 'Z2RPCDW04V8134', 'ap-northeast-1': 'Z1YSHQZHG15GKL', 'ca-central-1': 'Z19DQILCV0OWEC',
  'eu-central-1': 'Z1U9ULNL0V5AJ3', 'eu-west-1': 'ZLY8HYME6SFDD', 'eu-west-2': 'ZJ5UAJN8Y3Z2Q', 'eu-south-1': 'Z3BT4WSQ9TDYZV',
  'eu-west-3': 'Z3KY65QIEKYHQQ', 'eu-south-2': 'Z02499852UI5HEQ5JVWX3', 'eu-north-1': 'Z3UWIKFBOOGXPP',
  'me-south-1': 'Z20ZBPC0SS8806', 'me-central-1': 'Z08780021BKYYY8U0YHTV', 'sa-east-1': 'ZCMLWB8V5SYIT',
  'us-gov-east-1': 'Z3SE9ATJYCRCZJ', 'us-gov-west-1': 'Z1K6XKP9SAGWDV',
};

function build(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const [r, id] of Object.entries(ELB)) table.set(`${r}.elb.amazonaws.com`, id);
  for (const [r, id] of Object.entries(ELB_CN)) table.set(`${r}.elb.amazonaws.com.cn`, id);
  for (const [r, id] of Object.entries(NLB)) table.set(`elb.${r}.amazonaws.com`, id);
  for (const [r, id] of Object.entries(NLB_CN)) table.set(`elb.${r}.amazonaws.com.cn`, id);
  for (const [r, id] of Object.entries(VPCE)) table.set(`${r}.vpce.amazonaws.com`, id);
  for (const [r, id] of Object.entries(EXECUTE_API)) table.set(`execute-api.${r}.amazonaws.com`, id);
  table.set('awsglobalaccelerator.com', 'Z2BJ6XQ5FK7U4H');
  table.set('cloudfront.net', 'Z2FDTNDATAQYW2');
  return table;
}

/** DNS suffix → hosted zone id of the AWS service behind it. */
export const CANONICAL_HOSTED_ZONES: ReadonlyMap<string, string> = build();

/**
 * The canonical hosted zone id for an alias target, by its longest matching suffix; undefined when
 * the target is not an AWS service endpoint (then an alias can only point into the same zone).
 */
export function canonicalHostedZone(hostname: string): string | undefined {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  // Longest suffix first, and never the bare TLD.
  for (let i = 0; i < labels.length - 1; i++) {
    const id = CANONICAL_HOSTED_ZONES.get(labels.slice(i).join('.'));
    if (id !== undefined) return id;
  }
  return undefined;
}
