CREATE VIEW cloudtrail_logs AS
SELECT * FROM read_parquet('ddl-export/*/*/*/*.parquet',
    hive_partitioning = true,
    hive_types = {'account': VARCHAR, 'region': VARCHAR, 'date': VARCHAR});
