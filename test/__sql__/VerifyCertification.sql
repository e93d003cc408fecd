-- 1 statements (sorted)

select j.code as jurisdiction, c.credential_number as "credentialNumber", p.first_name || ' ' || p.last_name as "holderName", ct.code as credential, ct.name as "credentialName", c.status, c.issued_on as "issuedOn", c.expires_on as "expiresOn" from certification c join jurisdiction j on j.id = c.jurisdiction_id join peer_specialist p on p.id = c.person_id join credential_type ct on ct.id = c.credential_type_id where j.code = ? and c.credential_number = ?;
