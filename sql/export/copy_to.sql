COPY {{relation}} TO {{file}} ({{options}})
