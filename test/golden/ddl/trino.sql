CREATE TABLE hive.security.cloudtrail_logs (
    eventversion varchar,
    useridentity row(type varchar, principalid varchar, arn varchar, accountid varchar, invokedby varchar, accesskeyid varchar, username varchar, onbehalfof row(userid varchar, identitystorearn varchar), sessioncontext row(attributes row(mfaauthenticated varchar, creationdate varchar), sessionissuer row(type varchar, principalid varchar, arn varchar, accountid varchar, username varchar), ec2roledelivery varchar, webidfederationdata row(federatedprovider varchar, attributes map(varchar, varchar)))),
    eventtime varchar,
    eventsource varchar,
    eventname varchar,
    awsregion varchar,
    sourceipaddress varchar,
    useragent varchar,
    errorcode varchar,
    errormessage varchar,
    requestparameters varchar,
    responseelements varchar,
    additionaleventdata varchar,
    requestid varchar,
    eventid varchar,
    readonly varchar,
    resources array(row(arn varchar, accountid varchar, type varchar)),
    eventtype varchar,
    apiversion varchar,
    recipientaccountid varchar,
    serviceeventdetails varchar,
    sharedeventid varchar,
    vpcendpointid varchar,
    vpcendpointaccountid varchar,
    eventcategory varchar,
    addendum row(reason varchar, updatedfields varchar, originalrequestid varchar, originaleventid varchar),
    sessioncredentialfromconsole varchar,
    edgedevicedetails varchar,
    tlsdetails row(tlsversion varchar, ciphersuite varchar, clientprovidedhostheader varchar),
    category varchar,
    account varchar,
    region varchar,
    "date" varchar
)
WITH (
    format = 'PARQUET',
    partitioned_by = ARRAY['account', 'region', 'date'],
    external_location = 's3://amzn-s3-demo-bucket/cloudtrail-parquet/'
);
-- Registers the partitions that exist; run again after each export.
CALL system.sync_partition_metadata('security', 'cloudtrail_logs', 'FULL');
