// Vocabulary for generated records. Kept short: variety comes from combining them.
export const COMPANY_WORDS = ['Alpha', 'Bayside', 'Cedar', 'Delta', 'Evergreen', 'Foothill', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Keystone', 'Lakeview', 'Maple', 'Northwind', 'Oakridge', 'Pioneer', 'Quarry', 'Redwood', 'Summit', 'Timber', 'Union', 'Valley', 'Westfield', 'Yellowstone'];
export const COMPANY_SUFFIXES = ['Outfitters', 'Supply', 'Traders', 'Goods', 'Market', 'Co', 'Provisions', 'Retail'];
export const FIRST_NAMES = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jade', 'Kofi', 'Lena', 'Mateo', 'Nina', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'];
export const LAST_NAMES = ['Adams', 'Brooks', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Murphy', 'Nguyen', "O'Brien", 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
export const STREETS = ['Main St', 'Oak Ave', 'Pine Rd', 'Harbor Blvd', 'Elm St', 'Lake Dr', 'Market St', 'Hill Rd', 'River Way', 'Park Ave'];
export const CITIES: readonly (readonly [string, string, string])[] = [
  ['Seattle', 'WA', '98101'], ['Portland', 'OR', '97201'], ['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'],
  ['Chicago', 'IL', '60601'], ['Atlanta', 'GA', '30303'], ['Boston', 'MA', '02108'], ['Phoenix', 'AZ', '85004'],
  ['Nashville', 'TN', '37203'], ['Columbus', 'OH', '43215'], ['San Diego', 'CA', '92101'], ['Miami', 'FL', '33131'],
];
export const ITEM_ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Heavy', 'Lite', 'Pro', 'Rugged', 'Smart', 'Ultra'];
export const ITEM_NOUNS = ['Backpack', 'Bottle', 'Cable', 'Charger', 'Headlamp', 'Jacket', 'Kettle', 'Lantern', 'Mug', 'Notebook', 'Pump', 'Stove', 'Tent', 'Towel', 'Wrench'];
export const UOMS = ['EA', 'EA', 'EA', 'BOX', 'PACK'];
